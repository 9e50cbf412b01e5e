package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code upload LOCAL [NAME]}: streams a local file to the server (FileController/Upload). */
@Command(name = "upload", mixinStandardHelpOptions = true,
    description = "Stream a local file of any size to the server; prints its size and SHA-256. "
        + "Give large files a long --deadline.")
final class UploadCommand extends FileCommand {
  @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file to send.")
  Path local;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME",
      description = "Path under the server's files root (default: LOCAL's file name).")
  String name;

  @Override
  void run(FileClient client, PrintStream out, PrintStream err) throws IOException {
    String target = name != null ? name : local.getFileName().toString();
    long size = Files.size(local);
    ProgressBar progress = ProgressBar.forTerminal(err, size);
    UploadReply reply;
    try (InputStream source = Files.newInputStream(local)) {
      reply = client.upload(target, source, size, progress);
    }
    progress.finish();
    out.println("uploaded " + target + ": " + reply.getSize() + " bytes, sha256 "
        + reply.getSha256());
  }
}
