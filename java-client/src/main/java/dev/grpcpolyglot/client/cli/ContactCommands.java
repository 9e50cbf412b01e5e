package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ErrorDetails;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/** What the Contact subcommands share: a channel they own, and errors as one line + exit 1. */
final class ContactCommands {
  private ContactCommands() {}

  interface ChannelWork {
    int run(ManagedChannel channel) throws Exception;
  }

  /** Opens a channel, runs {@code work}, always shuts the channel down. */
  static int withChannel(ConnectionOptions connection, PrintWriter err, ChannelWork work)
      throws Exception {
    ManagedChannel channel = connection.openChannel();
    try {
      return work.run(channel);
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      err.println("error: " + status.getCode()
          + (status.getDescription() == null ? "" : ": " + status.getDescription()));
      ErrorDetails.linesOf(e).forEach(err::println);
      return 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }
}
