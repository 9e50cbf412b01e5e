package dev.grpcpolyglot.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Who reaches the metrics port, and what it answers: a real endpoint on a loopback port. */
public class MetricsExposureTest {
  private static final String TOKEN = "scrape-secret-7f3a";
  private final HttpClient http = HttpClient.newHttpClient();
  private PrometheusEndpoint endpoint;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void onlyMetricsAnswers200() throws Exception {
    start();
    assertEquals(200, get("/metrics", null).statusCode());
    for (String path : new String[] {"/", "/-/healthy", "/metricsX", "/metrics/x", "/anything",
        "/metrics.txt"}) {
      HttpResponse<String> response = get(path, null);
      assertEquals(404, response.statusCode(), path + ": " + response.body());
      assertTrue(!response.body().contains("jvm_"), path + " leaked metrics: " + response.body());
    }
  }

  @Test
  void otherMethodsAre405WithAllow() throws Exception {
    start();
    HttpResponse<String> response = http.send(request("/metrics", null)
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, response.statusCode(), response.body());
    assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void withATokenFileAScrapeNeedsTheBearerToken() throws Exception {
    start("--metrics-token-file", tokenFile(TOKEN + "\n").toString());
    for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x",
        "Basic " + TOKEN, TOKEN}) {
      HttpResponse<String> response = get("/metrics", authorization);
      assertEquals(401, response.statusCode(), authorization + ": " + response.body());
      assertEquals("Bearer realm=\"metrics\"",
          response.headers().firstValue("WWW-Authenticate").orElse(""));
      assertTrue(!response.body().contains("jvm_"), response.body());
    }
    HttpResponse<String> scrape = get("/metrics", "Bearer " + TOKEN);
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("jvm_memory_used_bytes{"), scrape.body());
    assertEquals(404, get("/", "Bearer " + TOKEN).statusCode());
  }

  @Test
  void bindsMetricsHostWhenGivenElseTheServersHost() {
    assertEquals("0.0.0.0", parse("--metrics-port", "0").toConfig("0.0.0.0").host());
    assertEquals("127.0.0.1",
        parse("--metrics-port", "0", "--metrics-host", "127.0.0.1").toConfig("0.0.0.0").host());
  }

  @Test
  void anUnusableTokenFileIsAUsageErrorNamingIt() throws Exception {
    Path missing = dir.resolve("missing.token");
    IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class,
        () -> parse("--metrics-token-file", missing.toString()).toConfig("127.0.0.1"));
    assertTrue(unreadable.getMessage().contains(missing.toString()), unreadable.getMessage());
    Path empty = tokenFile("\n");
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> parse("--metrics-token-file", empty.toString()).toConfig("127.0.0.1"));
    assertTrue(blank.getMessage().contains("one token"), blank.getMessage());
  }

  private void start(String... flags) throws Exception {
    String[] args = new String[flags.length + 2];
    args[0] = "--metrics-port";
    args[1] = "0";
    System.arraycopy(flags, 0, args, 2, flags.length);
    endpoint = PrometheusEndpoint.start(parse(args).toConfig("127.0.0.1"));
  }

  private static MetricsOptions parse(String... args) {
    MetricsOptions options = new MetricsOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private Path tokenFile(String content) throws Exception {
    Path file = Files.createTempFile(dir, "metrics", ".token");
    Files.writeString(file, content);
    return file;
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    return http.send(request(path, authorization).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }
}
