package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.contact.store.JdbcUrls;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --contact-store database that does not answer at start: the server exits 2 naming the URL,
 * its password masked, instead of serving a Contact that can only fail.
 */
class PostgresStartupTest {
  @Test
  void unreachableDatabaseAtStartExitsTwoNamingTheUrlWithoutItsPassword(@TempDir Path dir)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort
        + "/polyglot?user=polyglot&password=s3cret";
    Path stderr = dir.resolve("server.err");
    Process server = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.grpcpolyglot.server.ServerMain", "--port", "0",
        "--files-root", dir.resolve("files").toString(), "--contact-store", url)
        .redirectError(stderr.toFile())
        .redirectOutput(dir.resolve("server.out").toFile())
        .start();
    try {
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server did not exit");
    } finally {
      server.destroyForcibly();
    }
    String log = Files.readString(stderr, StandardCharsets.UTF_8);
    assertEquals(2, server.exitValue(), log);
    assertTrue(log.contains("cannot connect to --contact-store jdbc:postgresql://127.0.0.1:"
        + closedPort + "/polyglot?user=polyglot&password=***"), log);
    assertFalse(log.contains("s3cret"), log);
    assertEquals(List.of(), Files.readAllLines(dir.resolve("server.out")), "no listening line");
  }

  @Test
  void passwordsAreMaskedInEitherPlaceOfTheUrl() {
    assertEquals("jdbc:postgresql://db:5432/q?user=u&password=***&ssl=true",
        JdbcUrls.masked("jdbc:postgresql://db:5432/q?user=u&password=p%40ss&ssl=true"));
    assertEquals("jdbc:postgresql://u:***@db:5432/q",
        JdbcUrls.masked("jdbc:postgresql://u:p4ss@db:5432/q"));
  }
}
