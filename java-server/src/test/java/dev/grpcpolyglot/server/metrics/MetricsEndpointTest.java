package dev.grpcpolyglot.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Netty server with a real /metrics endpoint, scraped over HTTP after real calls. */
public class MetricsEndpointTest {
  private PrometheusEndpoint endpoint;
  private NettyHarness server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    endpoint = PrometheusEndpoint.start(new MetricsConfig("127.0.0.1", 0));
    server = NettyHarness.start(ServerConfig.forTests(), endpoint);
    channel = server.channel(InsecureChannelCredentials.create());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void countsEachCallByMethodAndStatusUnderTheStandardName() throws Exception {
    HelloServiceGrpc.HelloServiceBlockingStub hello = HelloServiceGrpc.newBlockingStub(channel);
    for (int i = 0; i < 7; i++) {
      hello.withDeadlineAfter(10, TimeUnit.SECONDS)
          .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("m" + i).build());
    }
    String text = scrape();
    assertEquals(7, sample(text, "grpc_server_call_duration_seconds_count",
        "grpc_method=\"go_protoc.HelloService/Hello\"", "grpc_status=\"OK\""), text);
    assertEquals(7, sample(text, "grpc_server_call_started_total",
        "grpc_method=\"go_protoc.HelloService/Hello\""), text);
    assertTrue(text.contains("grpc_server_call_rcvd_total_compressed_message_size_bytes_bucket"),
        text);
    assertTrue(text.contains("jvm_memory_used_bytes{"), text);
  }

  @Test
  void failedCallsCarryTheirStatus() throws Exception {
    FileControllerGrpc.FileControllerBlockingStub files =
        FileControllerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    try {
      files.read(Files.newBuilder().setFilename("missing.txt").build());
    } catch (io.grpc.StatusRuntimeException expected) {
      assertEquals(io.grpc.Status.Code.NOT_FOUND, expected.getStatus().getCode());
    }
    assertEquals(1, sample(scrape(), "grpc_server_call_duration_seconds_count",
        "grpc_method=\"muxs.FileController/Read\"", "grpc_status=\"NOT_FOUND\""));
  }

  @Test
  void reportsTheServicesOwnWork() throws Exception {
    ContactGrpc.ContactBlockingStub contact =
        ContactGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    contact.submitTask(TaskRequest.newBuilder().setTask("a").build());
    contact.submitTask(TaskRequest.newBuilder().setTask("b").build());
    FileControllerGrpc.FileControllerBlockingStub files =
        FileControllerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    files.write(Files.newBuilder().setFilename("m.txt").setText("12345").build());
    files.read(Files.newBuilder().setFilename("m.txt").build());
    files.read(Files.newBuilder().setFilename("m.txt").build());

    String text = scrape();
    assertEquals(2, sample(text, "polyglot_contact_queue_depth"), text);
    assertEquals(0, sample(text, "polyglot_contact_workers"), text);
    assertEquals(0, sample(text, "polyglot_contact_redeliveries_total"), text);
    assertEquals(5, sample(text, "polyglot_files_bytes_in_bytes_total"), text);
    assertEquals(10, sample(text, "polyglot_files_bytes_out_bytes_total"), text);
  }

  private String scrape() throws Exception {
    return scrape("127.0.0.1:" + endpoint.port());
  }

  /** The text of http://HOST:PORT/metrics, after checking it answered 200. */
  public static String scrape(String hostPort) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics"))
            .timeout(java.time.Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  /** The value of the one sample of {@code name} whose labels include every {@code label}. */
  private static double sample(String text, String name, String... labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)",
        Pattern.MULTILINE);
    Matcher matcher = line.matcher(text);
    double found = Double.NaN;
    while (matcher.find()) {
      String labelSet = matcher.group(1) == null ? "" : matcher.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= labelSet.contains(label);
      }
      if (all) {
        assertTrue(Double.isNaN(found), "more than one " + name + " sample matches");
        found = Double.parseDouble(matcher.group(2));
      }
    }
    assertTrue(!Double.isNaN(found), "no " + name + " sample with " + String.join(",", labels)
        + " in:\n" + text);
    return found;
  }
}
