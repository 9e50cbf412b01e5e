package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.FileClient;
import dev.grpcpolyglot.proto.muxs.FileEntry;
import io.grpc.Channel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Collectors;

/** muxs.FileController: Write, Read, Upload, Download and List of a small demo folder. */
final class FilesDemo implements ServiceDemo {
  static final String TEXT_FILE = "demo/hello.txt";
  static final String TEXT = "Hello from the Java client";
  static final String BYTES_FILE = "demo/bytes.bin";

  @Override
  public String name() {
    return "files";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    FileClient client = new FileClient(channel, deadline);
    DemoCalls calls = new DemoCalls(out, err);
    String prefix = "muxs.FileController/";
    calls.call(prefix + "Write(\"" + TEXT_FILE + "\", \"" + TEXT + "\")", () -> {
      client.write(TEXT_FILE, TEXT);
      return "code 0";
    });
    calls.call(prefix + "Read(\"" + TEXT_FILE + "\")", () -> client.read(TEXT_FILE));
    byte[] bytes = demoBytes();
    calls.call(prefix + "Upload(\"" + BYTES_FILE + "\", " + bytes.length + " bytes)", () -> {
      try {
        var reply = client.upload(BYTES_FILE, new ByteArrayInputStream(bytes), bytes.length,
            sent -> { });
        return reply.getSize() + " bytes, sha256 " + reply.getSha256();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    calls.call(prefix + "Download(\"" + BYTES_FILE + "\")", () -> {
      try {
        var transfer = client.download(BYTES_FILE, 0, new ByteArrayOutputStream(), got -> { });
        return transfer.size() + " bytes, sha256 " + transfer.sha256();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    calls.call(prefix + "List(\"demo\")", () -> client.list("demo").stream()
        .map(FilesDemo::describe)
        .collect(Collectors.joining(", ", "[", "]")));
    return calls.failures();
  }

  /** Every byte value, so the round trip shows binary data survives. */
  static byte[] demoBytes() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static String describe(FileEntry entry) {
    return entry.getName() + (entry.getIsDir() ? "/" : " (" + entry.getSize() + " bytes)");
  }
}
