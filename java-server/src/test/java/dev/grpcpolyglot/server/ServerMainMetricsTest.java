package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.metrics.MetricsEndpointTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --metrics-port as main parses it: the second stdout line names the real metrics address. */
class ServerMainMetricsTest {
  @TempDir Path tmp;

  @Test
  void metricsPortZeroPrintsASecondLineWithTheRealAddress() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PolyglotServer server = ServerMain.launch(new String[] {"--port", "0", "--metrics-port", "0",
        "--files-root", tmp.resolve("files").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    try {
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
      assertEquals("listening on 127.0.0.1:" + server.port(), lines[0]);
      assertTrue(lines[1].matches("metrics on 127\\.0\\.0\\.1:\\d+"), lines[1]);
      assertTrue(MetricsEndpointTest.scrape(lines[1].substring("metrics on ".length()))
          .contains("jvm_memory_used_bytes{"));
    } finally {
      server.stop();
    }
  }

  @Test
  void withoutTheFlagThereIsOneLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PolyglotServer server = ServerMain.launch(new String[] {"--port", "0",
        "--files-root", tmp.resolve("files").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    try {
      assertEquals("listening on 127.0.0.1:" + server.port(),
          out.toString(StandardCharsets.UTF_8).trim());
    } finally {
      server.stop();
    }
  }
}
