package dev.grpcpolyglot.bench;

import dev.grpcpolyglot.client.FileClient;
import dev.grpcpolyglot.client.Transfer;
import dev.grpcpolyglot.client.cli.ConnectionOptions;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code files-bench}: uploads a local file, then downloads it, {@code --rounds} times each in
 * one JVM, and prints every round's rate and CPU seconds (this process, and the server's when
 * {@code --server-pid} names it). The first round pays for the JIT warming up; the later ones
 * measure the transfer itself, which a one-shot CLI run (JVM start-up, cold code) cannot. Every
 * round checks the SHA-256 both ways; the downloads are then repeated with the cheaper CRC32C
 * check, to show the transfer's own cost. Used by scripts/bench files; bounded by --rounds.
 */
@Command(name = "files-bench", mixinStandardHelpOptions = true, sortOptions = false,
    showDefaultValues = true, usageHelpWidth = 100,
    description = "Times FileController Upload and Download of one file, several rounds in one JVM.")
final class FilesBenchCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file to send.")
  Path local;

  @Option(names = "--name", defaultValue = "bench/files-bench.bin",
      description = "Path under the server's files root.")
  String name;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Uploads, then downloads; best and median are of rounds 2..N (warm).")
  int rounds;

  @Option(names = "--server-pid", defaultValue = "0",
      description = "The server's process id (same machine, Linux): also print its CPU seconds.")
  long serverPid;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    long size = Files.size(local);
    String expected = sha256Of(local);
    ManagedChannel channel = connection.openChannel();
    try {
      FileClient client = new FileClient(channel, connection.deadline());
      double[] up = new double[rounds];
      double[] down = new double[rounds];
      double[] downCrc = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        Sample sample = new Sample(serverPid);
        UploadReply reply;
        try (InputStream source = Files.newInputStream(local)) {
          reply = client.upload(name, source, size, sent -> { });
        }
        up[i] = sample.report(out, "upload", i, size);
        check("upload", expected, reply.getSha256());
      }
      for (int i = 0; i < rounds; i++) {
        Sample sample = new Sample(serverPid);
        Transfer transfer = client.download(name, 0, OutputStream.nullOutputStream(), got -> { });
        down[i] = sample.report(out, "download", i, size);
        check("download", expected, transfer.sha256());
      }
      // The same transfer checked with CRC32C instead: what the transfer itself costs, with a
      // corruption check a tenth of SHA-256's CPU (compared with the local file's CRC32C).
      String expectedCrc = crc32cOf(local);
      for (int i = 0; i < rounds; i++) {
        Sample sample = new Sample(serverPid);
        Transfer transfer = client.download(name, 0, OutputStream.nullOutputStream(), got -> { },
            Transfer.Check.CRC32C);
        downCrc[i] = sample.report(out, "download-crc32c", i, size);
        check("download-crc32c", expectedCrc, transfer.crc32c());
      }
      summarize(out, "upload:  ", up);
      summarize(out, "download:", down);
      summarize(out, "download-crc32c:", downCrc);
      return 0;
    } catch (StatusRuntimeException e) {
      spec.commandLine().getErr().println("error: " + e.getStatus());
      return 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }

  /** Round 1 (cold JIT) apart from the best and median of the warm rounds 2..N. */
  private static void summarize(PrintWriter out, String what, double[] rates) {
    double[] warm = rates.length > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates;
    out.printf(Locale.ROOT, "%s first %.0f MB/s, best %.0f MB/s, median %.0f MB/s%n",
        what, rates[0], Samples.max(warm), Samples.median(warm));
  }

  private static void check(String what, String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(what + " checksum " + actual + ", the file's is " + expected);
    }
  }

  /** Wall clock and CPU time of this process and (optionally) the server since a round began. */
  private static final class Sample {
    private final long nanos = System.nanoTime();
    private final CpuMeter cpu;

    Sample(long serverPid) {
      cpu = CpuMeter.start(serverPid);
    }

    /** Prints the round and returns its MB/s. */
    double report(PrintWriter out, String what, int round, long bytes) {
      double seconds = (System.nanoTime() - nanos) / 1e9;
      double rate = bytes / seconds / 1e6;
      double gib = bytes / (1024.0 * 1024 * 1024);
      double serverCpu = cpu.serverSeconds();
      String server = Double.isNaN(serverCpu)
          ? ""
          : String.format(Locale.ROOT, ", server %.2f", serverCpu / gib);
      out.printf(Locale.ROOT, "%s round %d: %d bytes in %.3f s = %.0f MB/s; CPU s per GiB: "
          + "client %.2f%s%n", what, round + 1, bytes, seconds, rate, cpu.clientSeconds() / gib,
          server);
      return rate;
    }
  }

  private static String crc32cOf(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Transfer.crc32cHex(crc.getValue());
  }

  private static String sha256Of(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

}
