package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import dev.grpcpolyglot.proto.muxs.FileEntry;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code list [PATH]}: one line per entry of a folder (FileController/List). */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List a folder on the server (default: the root): 'dir' or the size, then the name.")
final class ListCommand extends FileCommand {
  @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "",
      description = "Folder under the server's files root.")
  String path;

  @Override
  void run(FileClient client, PrintStream out, PrintStream err) {
    for (FileEntry entry : client.list(path)) {
      out.printf("%12s  %s%n", entry.getIsDir() ? "dir" : Long.toString(entry.getSize()),
          entry.getName() + (entry.getIsDir() ? "/" : ""));
    }
  }
}
