package dev.grpcpolyglot.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;

/** Opens channels from {@link ChannelSettings}: plaintext or TLS, mutual TLS, bearer token. */
public final class Channels {
  private Channels() {}

  /**
   * A new channel; the caller owns it and shuts it down. Throws {@link IllegalArgumentException}
   * naming the file when a CA, certificate or key cannot be read.
   */
  public static ManagedChannel open(ChannelSettings settings) {
    ChannelCredentials credentials = settings.usesTls()
        ? tls(settings)
        : InsecureChannelCredentials.create();
    if (settings.token() != null) {
      // Channel-wide call credentials: every stub on the channel sends the token, and grpc-java
      // hands the credentials the connection's security level so plaintext can be refused.
      credentials = CompositeChannelCredentials.create(
          credentials, new BearerTokenCredentials(settings.token()));
    }
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(Balancing.channelTarget(settings.target()), credentials)
            .maxInboundMessageSize(settings.maxInboundMessageBytes())
            .intercept(new TraceContextInterceptor());
    Balancing.configure(builder, settings.target());
    if (settings.serverName() != null) {
      builder.overrideAuthority(settings.serverName());
    }
    return builder.build();
  }

  private static ChannelCredentials tls(ChannelSettings settings) {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    try {
      if (settings.caFile() != null) {
        tls.trustManager(settings.caFile().toFile());
      }
      if (settings.certFile() != null) {
        tls.keyManager(settings.certFile().toFile(), settings.keyFile().toFile());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use the TLS files (--ca-file "
          + settings.caFile() + ", --cert-file " + settings.certFile() + ", --key-file "
          + settings.keyFile() + "): " + e.getMessage(), e);
    }
    return tls.build();
  }
}
