package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server process with --gcn-model: a bad file stops it at start with exit 2. */
class GcnModelFlagTest {
  @Test
  void badModelFileExitsTwoNamingTheProblem(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("bad-model.json");
    Files.writeString(model, "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1, 2]], \"b2\": [0]}");

    Process server = startServer(dir, "--gcn-model", model.toString());

    assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server did not exit");
    String stderr = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, server.exitValue(), stderr);
    assertTrue(stderr.contains("--gcn-model " + model + ": W2 has 2 columns"), stderr);
  }

  @Test
  void goodModelFileServes(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.json");
    Files.writeString(model, "{\"W1\": [[1]], \"b1\": [0], \"W2\": [[1]], \"b2\": [0]}");

    Process server = startServer(dir, "--gcn-model", model.toString());
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine(); // blocks until the server prints or exits
      assertTrue(first != null && first.startsWith("listening on "), "got: " + first);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Process startServer(Path dir, String... flags) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.grpcpolyglot.server.ServerMain", "--port", "0",
        "--files-root", dir.resolve("files").toString(),
        "--data-dir", dir.resolve("data").toString()));
    command.addAll(List.of(flags));
    return new ProcessBuilder(command).redirectErrorStream(false).start();
  }
}
