package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client library against the real server on the in-process transport. */
class ClientsTest {
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = new PolyglotServer(InProcessServerBuilder.forName(name).directExecutor(),
        ServerConfig.forTests()).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.stop();
  }

  @Test
  void everyClientGetsTheExactReplies() {
    assertEquals("hello:test", new HelloClient(channel).hello("test"));
    GreeterClient greeter = new GreeterClient(channel, Duration.ofSeconds(5));
    assertEquals("Hello, you!", greeter.sayHello("you"));
    assertEquals(15.198684f, greeter.square(231f));
    MuxsGreeterClient muxs = new MuxsGreeterClient(channel);
    assertEquals("Hello, you!", muxs.sayHello("you"));
    assertEquals(15.198684f, muxs.square(231f));
    assertEquals(ServingStatus.SERVING, new HealthClient(channel).check("helloworld.Greeter"));
  }

  @Test
  void serverErrorsSurfaceAsStatuses() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> new GreeterClient(channel).square(-4f));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  @Test
  void aClientWithoutAPositiveDeadlineIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HelloClient(channel, Duration.ZERO));
  }
}
