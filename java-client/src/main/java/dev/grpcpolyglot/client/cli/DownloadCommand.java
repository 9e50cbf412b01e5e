package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import dev.grpcpolyglot.client.Transfer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code download NAME [LOCAL]}: streams a file from the server (FileController/Download). */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = "Stream a file of any size from the server to LOCAL (or '-' for stdout); "
        + "prints its size and SHA-256 on stderr. Give large files a long --deadline.")
final class DownloadCommand extends FileCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Path under the server's files root.")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL",
      description = "Where to write it; '-' for stdout (default: NAME's last segment).")
  String local;

  @Option(names = "--offset", paramLabel = "BYTES", defaultValue = "0",
      description = "Start at this byte (to resume an interrupted download, with --append).")
  long offset;

  @Option(names = "--append", description = "Append to LOCAL instead of replacing it.")
  boolean append;

  @Override
  void run(FileClient client, PrintStream out, PrintStream err) throws IOException {
    String destination = local != null ? local : name.substring(name.lastIndexOf('/') + 1);
    ProgressBar progress = ProgressBar.forTerminal(err, -1);
    Transfer transfer;
    if (destination.equals("-")) {
      transfer = client.download(name, offset, out, progress);
      out.flush();
    } else {
      try (OutputStream sink = new BufferedOutputStream(open(Path.of(destination)), 1 << 20)) {
        transfer = client.download(name, offset, sink, progress);
      }
    }
    progress.finish();
    err.println("downloaded " + name + ": " + transfer.size() + " bytes, sha256 "
        + transfer.sha256());
  }

  private OutputStream open(Path path) throws IOException {
    return append
        ? Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)
        : Files.newOutputStream(path);
  }
}
