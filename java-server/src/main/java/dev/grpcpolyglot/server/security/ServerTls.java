package dev.grpcpolyglot.server.security;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Builds the server's TLS credentials from PEM files, with grpc-util's advanced key and trust
 * managers so that a certificate, key or client CA replaced on disk is served to the next
 * handshake without a restart (connections already open keep their session).
 */
public final class ServerTls {
  private ServerTls() {}

  /**
   * TLS (or mutual TLS when a client CA is configured) credentials; {@code watcher} keeps them
   * current. Throws when the files are unreadable or the key does not match the certificate, so a
   * misconfigured server fails at startup rather than at the first handshake.
   */
  public static ServerCredentials credentials(SecurityConfig config, FileWatcher watcher)
      throws IOException, GeneralSecurityException {
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
        .keyManager(identityManager(config.tlsCert(), config.tlsKey(), watcher));
    if (config.mutualTls()) {
      tls.trustManager(
              new UnadvertisedTrustManager(clientCaManager(config.tlsClientCa(), watcher)))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return tls.build();
  }

  private static AdvancedTlsX509KeyManager identityManager(Path cert, Path key, FileWatcher watcher)
      throws IOException, GeneralSecurityException {
    AdvancedTlsX509KeyManager manager = new AdvancedTlsX509KeyManager();
    PemFiles.Identity identity = PemFiles.identity(cert, key);
    manager.updateIdentityCredentials(identity.chain(), identity.key());
    watcher.watch("TLS certificate and key", List.of(cert, key), () -> {
      PemFiles.Identity next = PemFiles.identity(cert, key);
      manager.updateIdentityCredentials(next.chain(), next.key());
    });
    return manager;
  }

  private static AdvancedTlsX509TrustManager clientCaManager(Path clientCa, FileWatcher watcher)
      throws IOException, GeneralSecurityException {
    // The chain is verified against the CA; client certificates carry no host name to check.
    AdvancedTlsX509TrustManager manager = AdvancedTlsX509TrustManager.newBuilder()
        .setVerification(Verification.CERTIFICATE_ONLY_VERIFICATION)
        .build();
    manager.updateTrustCredentials(PemFiles.certificates(clientCa));
    watcher.watch("TLS client CA", List.of(clientCa),
        () -> manager.updateTrustCredentials(PemFiles.certificates(clientCa)));
    return manager;
  }
}
