package dev.grpcpolyglot.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.Bearer;
import dev.grpcpolyglot.server.testing.LogCapture;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.InsecureChannelCredentials;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One access-log line per call, with the facts an operator needs and never a credential. */
class AccessLogTest {
  private static final String GOOD = "good-token-0123456789abcdef";
  private static final String BAD = "bad-token-secret-0123456789";

  @TempDir Path dir;

  @Test
  void logsOneLinePerCallWithoutTokensOrPayloads() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "alice " + GOOD + " greet\n");
    ServerConfig config = ServerConfig.forTests();
    config = config.withSecurity(config.security().withAuthTokens(tokens).withAccessLog(true))
        .withMaxInboundMessageBytes(1024);
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      private final SimpleFormatter formatter = new SimpleFormatter();

      @Override
      public void publish(LogRecord record) {
        lines.add(record.getLoggerName() + " " + formatter.formatMessage(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    // On the root logger: every log line of the server counts, not only the access log.
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (NettyHarness server = NettyHarness.start(config)) {
      Channel channel = server.channel(InsecureChannelCredentials.create());
      assertEquals("hello:payload-secret", hello(channel, GOOD, "payload-secret"));
      assertThrows(StatusRuntimeException.class, () -> hello(channel, BAD, "x"));
      assertThrows(StatusRuntimeException.class, () -> hello(channel, GOOD, "x".repeat(2048)));
    } finally {
      root.removeHandler(capture);
    }
    List<String> access = lines.stream()
        .filter(line -> line.startsWith(AccessLog.LOGGER_NAME + " ")).toList();
    assertEquals(3, access.size(), "one line per call: " + access);
    assertTrue(access.get(0).matches(".* rpc=go_protoc.HelloService/Hello peer=127\\.0\\.0\\.1:\\d+ "
        + "caller=alice status=OK duration_ms=\\d+\\.\\d in=1 out=1 trace=-"), access.get(0));
    assertTrue(access.get(1).matches(".* rpc=go_protoc.HelloService/Hello peer=127\\.0\\.0\\.1:\\d+ "
        + "caller=- status=UNAUTHENTICATED duration_ms=\\d+\\.\\d in=0 out=0 trace=-"), access.get(1));
    // Refused for its size before the service saw it: the status still names why.
    assertTrue(access.get(2).matches(".* rpc=go_protoc.HelloService/Hello peer=127\\.0\\.0\\.1:\\d+ "
        + "caller=alice status=RESOURCE_EXHAUSTED duration_ms=\\d+\\.\\d in=1 out=0 trace=-"), access.get(2));
    for (String line : lines) {
      assertFalse(line.contains(GOOD) || line.contains(BAD), "a token leaked into: " + line);
      assertFalse(line.contains("payload-secret"), "a payload leaked into: " + line);
    }
  }

  /**
   * A raw {@code :path} is the caller's to choose, before any authentication: a newline, CR, ESC
   * or NUL in it must not start a second line or reach a terminal raw (issue 23).
   */
  @Test
  void aHostilePathIsOneEscapedLine() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withSecurity(config.security().withAccessLog(true));
    String forged = "go_protoc.HelloService/Hello\nFAKE rpc=evil status=OK\r\u001b[2J\u0000";
    MethodDescriptor<byte[], byte[]> hostile = MethodDescriptor.newBuilder(
            RawBytes.MARSHALLER, RawBytes.MARSHALLER)
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(forged)
        .build();
    List<LogRecord> records;
    try (LogCapture capture = LogCapture.of(AccessLog.LOGGER_NAME)) {
      try (NettyHarness server = NettyHarness.start(config)) {
        Channel channel = server.channel(InsecureChannelCredentials.create());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(channel, hostile,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[0]));
        assertEquals(Status.Code.UNIMPLEMENTED, refused.getStatus().getCode());
      }
      records = capture.records();
    }
    assertEquals(1, records.size(), "one line per call: " + records);
    String message = records.get(0).getMessage();
    assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), message);
    assertTrue(message.startsWith("rpc=go_protoc.HelloService/Hello\\x0aFAKE\\x20rpc=evil"
        + "\\x20status=OK\\x0d\\x1b[2J\\x00 peer=127.0.0.1:"), message);
    assertTrue(message.contains(" status=UNIMPLEMENTED "), message);
  }

  private static String hello(Channel channel, String token, String value) {
    return HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .withCallCredentials(Bearer.token(token))
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue(value).build())
        .getValue();
  }
}
