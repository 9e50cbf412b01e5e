package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.logging.AccessLog;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The trace the Java client starts is the one the server's access log names, over Netty. */
class TraceContextTest {
  @Test
  void theServerLogsTheTraceIdTheClientSent() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger access = Logger.getLogger(AccessLog.LOGGER_NAME);
    access.addHandler(capture);
    ServerConfig config = ServerConfig.forTests();
    config = config.withSecurity(config.security().withAccessLog(true));
    String traceId = TraceContextInterceptor.newTraceId();
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel channel = Channels.open(new ChannelSettings(server.target(), false, null,
          null, null, null, null, ChannelSettings.DEFAULT_MAX_INBOUND_MESSAGE_BYTES));
      try {
        HelloClient hello = new HelloClient(channel);
        assertEquals("hello:traced",
            TraceContextInterceptor.inTrace(traceId).call(() -> hello.hello("traced")));
        assertEquals("hello:untraced", hello.hello("untraced"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      access.removeHandler(capture);
    }
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith(" trace=" + traceId), lines.get(0));
    // Without a trace of its own, each call still starts one: a fresh, valid id.
    assertTrue(lines.get(1).matches(".* trace=[0-9a-f]{32}"), lines.get(1));
    assertTrue(!lines.get(1).endsWith(traceId), lines.get(1));
  }
}
