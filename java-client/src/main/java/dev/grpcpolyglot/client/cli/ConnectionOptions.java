package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ChannelSettings;
import dev.grpcpolyglot.client.Channels;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How to reach the server: a mixin of the top command whose options are inherited (picocli's
 * {@code ScopeType.INHERIT}), so they are accepted before or after any subcommand: {@code
 * --target A submit x} and {@code submit x --target A} both reach A. Subcommands read them from
 * {@code ClientMain.connection}.
 */
public final class ConnectionOptions {
  @Option(names = "--target", scope = ScopeType.INHERIT,
      paramLabel = "HOST:PORT",
      defaultValue = "${env:POLYGLOT_TARGET:-localhost:50051}",
      description = "Server address; several replicas as h1:p1,h2:p2 or dns:///name:port,"
          + " balanced round_robin with health checks (env POLYGLOT_TARGET).")
  String target;

  @Option(names = "--deadline", scope = ScopeType.INHERIT,
      paramLabel = "SECONDS", defaultValue = "10",
      description = "Deadline of each call, in seconds.")
  double deadlineSeconds;

  @Option(names = "--max-message-size", scope = ScopeType.INHERIT,
      paramLabel = "BYTES", defaultValue = "67108864",
      description = "Largest reply message accepted, in bytes.")
  int maxMessageBytes;

  @Option(names = "--tls", scope = ScopeType.INHERIT,
      description = "Use TLS (implied by --ca-file and --cert-file).")
  boolean tls;

  @Option(names = "--ca-file", scope = ScopeType.INHERIT,
      paramLabel = "PEM", defaultValue = "${env:POLYGLOT_CA_FILE}",
      description = "CA bundle the server certificate must chain to; default: the system CAs "
          + "(env POLYGLOT_CA_FILE).")
  Path caFile;

  @Option(names = "--cert-file", scope = ScopeType.INHERIT,
      paramLabel = "PEM", defaultValue = "${env:POLYGLOT_CERT_FILE}",
      description = "Client certificate for mutual TLS, with --key-file (env POLYGLOT_CERT_FILE).")
  Path certFile;

  @Option(names = "--key-file", scope = ScopeType.INHERIT,
      paramLabel = "PEM", defaultValue = "${env:POLYGLOT_KEY_FILE}",
      description = "Private key (PKCS#8 PEM) of --cert-file (env POLYGLOT_KEY_FILE).")
  Path keyFile;

  @Option(names = "--server-name", scope = ScopeType.INHERIT,
      paramLabel = "NAME", defaultValue = "${env:POLYGLOT_SERVER_NAME}",
      description = "Name the server certificate must carry, and the authority sent, instead of "
          + "the target's host (env POLYGLOT_SERVER_NAME).")
  String serverName;

  @Option(names = "--token", scope = ScopeType.INHERIT,
      paramLabel = "TOKEN", defaultValue = "${env:POLYGLOT_TOKEN}",
      description = "Bearer token sent with every call; refused over plaintext except to "
          + "loopback. Prefer the env var: a flag shows in ps (env POLYGLOT_TOKEN).")
  String token;

  /** The settings these flags describe; throws IllegalArgumentException when inconsistent. */
  public ChannelSettings settings() {
    return new ChannelSettings(target, tls, caFile, certFile, keyFile, serverName, token,
        maxMessageBytes);
  }

  /**
   * Opens a channel; the caller owns it and must shut it down. Throws IllegalArgumentException
   * when the flags are inconsistent or a TLS file cannot be read.
   */
  public ManagedChannel openChannel() {
    return Channels.open(settings());
  }

  public Duration deadline() {
    return Duration.ofMillis(Math.round(deadlineSeconds * 1000));
  }

  public String target() {
    return target;
  }
}
