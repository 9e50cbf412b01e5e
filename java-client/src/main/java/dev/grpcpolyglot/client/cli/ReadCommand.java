package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code read NAME}: prints a text file (FileController/Read). */
@Command(name = "read", mixinStandardHelpOptions = true,
    description = "Print a UTF-8 file from the server (files over ~4 MiB: use download).")
final class ReadCommand extends FileCommand {
  @Parameters(paramLabel = "NAME", description = "Path under the server's files root.")
  String name;

  @Override
  void run(FileClient client, PrintStream out, PrintStream err) {
    out.print(client.read(name));
    out.flush();
  }
}
