package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * testdata/cli/cases.json, the command-line contract the Java, Python and Go clients all pass,
 * against the server over a real loopback port.
 */
class SharedCliCasesTest {
  /** testdata/cli of the repository (tests run in the java-client module folder). */
  private static final Path CASES_DIR = Path.of("..", "testdata", "cli").toAbsolutePath()
      .normalize();
  private static PolyglotServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        ServerConfig.forTests()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  static Stream<JsonObject> cases() throws IOException {
    JsonArray cases = JsonParser.parseString(
            Files.readString(CASES_DIR.resolve("cases.json"), StandardCharsets.UTF_8))
        .getAsJsonObject().getAsJsonArray("cases");
    assertTrue(cases.size() > 0, "cases.json has cases");
    return cases.asList().stream().map(JsonElement::getAsJsonObject);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void runs(JsonObject testCase) {
    List<String> args = new ArrayList<>();
    for (String arg : strings(testCase.getAsJsonArray("args"))) {
      args.add(arg.replace("{target}", "127.0.0.1:" + server.port())
          .replace("{dir}", CASES_DIR.toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ClientMain.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(testCase.get("exit").getAsInt(), exit, args + " stderr: " + stderr);
    assertEquals(strings(testCase.getAsJsonArray("stdout")),
        out.toString(StandardCharsets.UTF_8).lines().toList(), args.toString());
    if (testCase.has("stderr")) {
      assertEquals(strings(testCase.getAsJsonArray("stderr")), stderr.lines().toList());
    }
    if (testCase.has("stderr_starts_with")) {
      assertTrue(stderr.startsWith(testCase.get("stderr_starts_with").getAsString()), stderr);
      assertEquals(1, stderr.lines().count(), "one line: " + stderr);
    }
  }

  private static List<String> strings(JsonArray array) {
    return array.asList().stream().map(JsonElement::getAsString).toList();
  }
}
