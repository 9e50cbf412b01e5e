package dev.grpcpolyglot.server.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The --metrics-* flags, mixed into the server's options. */
public final class MetricsOptions {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      defaultValue = "${env:POLYGLOT_METRICS_PORT:--1}",
      description = "Serve Prometheus metrics at http://HOST:PORT/metrics (HOST: --metrics-host);"
          + " 0 picks a free port and prints 'metrics on HOST:PORT' after the listening line;"
          + " -1 turns metrics off (env POLYGLOT_METRICS_PORT).")
  int port;

  @Option(names = "--metrics-host", paramLabel = "ADDR",
      defaultValue = "${env:POLYGLOT_METRICS_HOST}",
      description = "Address the metrics endpoint binds; default: the --host address, so"
          + " --host 0.0.0.0 exposes it on every interface (env POLYGLOT_METRICS_HOST).")
  String host;

  @Option(names = "--metrics-token-file", paramLabel = "FILE",
      defaultValue = "${env:POLYGLOT_METRICS_TOKEN_FILE}",
      description = "File holding the bearer token a scrape must send (Authorization: Bearer"
          + " TOKEN); without it /metrics answers anyone who reaches the port"
          + " (env POLYGLOT_METRICS_TOKEN_FILE).")
  Path tokenFile;

  /**
   * The configuration for a server bound to {@code serverHost}: the metrics endpoint binds the
   * same address unless --metrics-host says otherwise.
   *
   * @throws IllegalArgumentException when the token file cannot be read or is empty
   */
  public MetricsConfig toConfig(String serverHost) {
    String bind = host == null || host.isBlank() ? serverHost : host;
    return new MetricsConfig(bind, port, readToken(tokenFile));
  }

  private static Optional<String> readToken(Path file) {
    if (file == null) {
      return Optional.empty();
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("--metrics-token-file " + file + ": cannot read it ("
          + e.getClass().getSimpleName() + ")", e);
    }
    if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("--metrics-token-file " + file
          + ": must hold one token, no spaces or line breaks inside");
    }
    return Optional.of(token);
  }
}
