package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code write NAME [TEXT]}: replaces a file with text, from the argument or stdin. */
@Command(name = "write", mixinStandardHelpOptions = true,
    description = "Atomically replace (or create) a file on the server with TEXT, or stdin.")
final class WriteCommand extends FileCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Path under the server's files root.")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT",
      description = "The new content (default: read stdin as UTF-8).")
  String text;

  @Override
  void run(FileClient client, PrintStream out, PrintStream err) throws IOException {
    String content = text != null ? text
        : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    client.write(name, content);
    out.println("wrote " + name + " (" + content.getBytes(StandardCharsets.UTF_8).length
        + " bytes)");
  }
}
