package dev.grpcpolyglot.client;

import java.nio.file.Path;

/**
 * How to reach and authenticate to the server; {@link Channels#open} turns it into a channel.
 * A null path or string means "not set".
 *
 * @param target {@code HOST:PORT} (or any grpc-java target URI)
 * @param tls whether to use TLS; implied by {@code caFile}, {@code certFile} and {@code keyFile}
 * @param caFile PEM CA bundle the server's certificate must chain to; null: the system's CAs
 * @param certFile PEM client certificate chain, for mutual TLS (with {@code keyFile})
 * @param keyFile PEM PKCS#8 private key of {@code certFile}
 * @param serverName name to expect in the server's certificate and to send as authority/SNI,
 *     instead of the target's host (e.g. {@code localhost} when dialling an IP)
 * @param token bearer token sent as {@code authorization: Bearer <token>} call credentials
 * @param maxInboundMessageBytes largest reply accepted
 */
public record ChannelSettings(
    String target,
    boolean tls,
    Path caFile,
    Path certFile,
    Path keyFile,
    String serverName,
    String token,
    int maxInboundMessageBytes) {

  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  public ChannelSettings {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a target HOST:PORT is needed");
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("--cert-file and --key-file go together (mutual TLS)");
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (maxInboundMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "max message size must be positive, got " + maxInboundMessageBytes);
    }
  }

  /** Plaintext, no token: the simplest connection (loopback development). */
  public static ChannelSettings plaintext(String target) {
    return new ChannelSettings(target, false, null, null, null, null, null,
        DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
  }

  /** True when TLS is on, asked for directly or implied by a CA or client certificate. */
  public boolean usesTls() {
    return tls || caFile != null || certFile != null;
  }

  public ChannelSettings withToken(String newToken) {
    return new ChannelSettings(target, tls, caFile, certFile, keyFile, serverName, newToken,
        maxInboundMessageBytes);
  }

  public ChannelSettings withTls(Path ca, Path cert, Path key, String name) {
    return new ChannelSettings(target, true, ca, cert, key, name, token, maxInboundMessageBytes);
  }
}
