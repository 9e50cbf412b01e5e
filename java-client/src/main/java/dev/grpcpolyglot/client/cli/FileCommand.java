package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ErrorDetails;
import dev.grpcpolyglot.client.FileClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ParentCommand;

/**
 * A file subcommand: opens the channel, runs against a {@link FileClient}, and turns a failed
 * call into one line on stderr and exit code 1.
 */
abstract class FileCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;

  /** Runs the command; the channel is closed afterwards. */
  abstract void run(FileClient client, PrintStream out, PrintStream err) throws IOException;

  @Override
  public Integer call() throws InterruptedException {
    ManagedChannel channel = parent.connection.openChannel();
    try {
      run(new FileClient(channel, parent.connection.deadline()), parent.out(), parent.err());
      return 0;
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      parent.err().println("error: " + status.getCode()
          + (status.getDescription() == null ? "" : ": " + status.getDescription()));
      ErrorDetails.linesOf(e).forEach(parent.err()::println);
      return 1;
    } catch (NoSuchFileException e) {
      parent.err().println("error: no such local file: " + e.getFile());
      return 1;
    } catch (IOException e) {
      parent.err().println("error: " + e.getMessage());
      return 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }
}
