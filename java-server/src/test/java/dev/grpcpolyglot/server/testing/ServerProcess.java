package dev.grpcpolyglot.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The server as a separate JVM started like {@code java -jar} would (same main class, the test
 * classpath, since the fat jar is only built after the test phase), for tests that need signals,
 * kill -9 or a small heap.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final String address;
  /** The default --data-dir given to the process (a test may pass its own), removed at close. */
  private final Path dataDir;

  private ServerProcess(Process process, String address, Path dataDir) {
    this.process = process;
    this.address = address;
    this.dataDir = dataDir;
  }

  /**
   * Starts {@code ServerMain} with {@code jvmArgs} and {@code serverArgs} and waits (at most 30 s)
   * for its {@code listening on HOST:PORT} line. Stderr goes to {@code stderrLog}. Unless the
   * arguments name another, the task queue's data dir is a fresh temporary one (env
   * POLYGLOT_DATA_DIR), so no test writes into the working directory or shares a queue.
   */
  public static ServerProcess start(List<String> jvmArgs, List<String> serverArgs, Path stderrLog)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // What the jar's manifest (Add-Opens) gives `java -jar`: see files.DirectoryFds.
    command.add("--add-opens");
    command.add("java.base/sun.nio.fs=ALL-UNNAMED");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.grpcpolyglot.server.ServerMain");
    command.addAll(serverArgs);
    Path dataDir = Files.createTempDirectory("polyglot-server-data-");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(stderrLog.toFile()));
    builder.environment().put("POLYGLOT_DATA_DIR", dataDir.toString());
    Process process = builder.start();
    CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> readAddress(process));
    try {
      return new ServerProcess(process, listening.get(30, TimeUnit.SECONDS), dataDir);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      deleteTree(dataDir);
      throw new IOException("server did not print its listening line; stderr in " + stderrLog, e);
    }
  }

  private static String readAddress(Process process) {
    try {
      BufferedReader stdout = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = stdout.readLine()) != null; ) {
        if (line.startsWith("listening on ")) {
          return line.substring("listening on ".length());
        }
      }
      throw new IllegalStateException("server exited before listening");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HOST:PORT from the listening line. */
  public String address() {
    return address;
  }

  public Process process() {
    return process;
  }

  /** Sends SIGTERM and returns the exit code (waits at most {@code seconds}). */
  public int terminate(long seconds) throws InterruptedException {
    process.destroy(); // SIGTERM on Unix
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not exit within " + seconds + " s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing runs; waits until the process is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The peak resident set size so far (VmHWM of /proc/PID/status), in bytes. */
  public long peakRssBytes() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    for (String line : java.nio.file.Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM in " + status);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    deleteTree(dataDir);
  }

  /** Removes a folder and everything in it (best effort: a leftover temp dir fails no test). */
  public static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Already gone, or unreadable: nothing more to clean.
    }
  }
}
