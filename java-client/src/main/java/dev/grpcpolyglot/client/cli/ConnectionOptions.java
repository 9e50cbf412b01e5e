package dev.grpcpolyglot.client.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach the server: shared by the demo command and every subcommand (a picocli mixin). */
public final class ConnectionOptions {
  @Option(names = "--target", paramLabel = "HOST:PORT",
      defaultValue = "${env:POLYGLOT_TARGET:-localhost:50051}",
      description = "Server address (env POLYGLOT_TARGET).")
  String target;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "10",
      description = "Deadline of each call, in seconds.")
  double deadlineSeconds;

  @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "67108864",
      description = "Largest reply message accepted, in bytes.")
  int maxMessageBytes;

  /** Opens a channel; the caller owns it and must shut it down. */
  public ManagedChannel openChannel() {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
        .maxInboundMessageSize(maxMessageBytes)
        .build();
  }

  public Duration deadline() {
    return Duration.ofMillis(Math.round(deadlineSeconds * 1000));
  }

  public String target() {
    return target;
  }
}
