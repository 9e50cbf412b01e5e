package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesModule;
import dev.grpcpolyglot.server.logging.AccessLog;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused request is one access-log line: no stack trace, nothing else logged. */
class RefusalLoggingTest {
  private static final int CALLS = 40;

  @TempDir Path files;

  @Test
  void eachRefusedCallLogsOneAccessLineAndNoTrace() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.with(FilesModule.MODULE, config.configOf(FilesModule.MODULE).withRoot(files))
        .withSecurity(config.security().withAccessLog(true));
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    try (NettyHarness server = NettyHarness.start(config)) {
      Channel channel = server.channel(InsecureChannelCredentials.create());
      Logger root = Logger.getLogger("");
      root.addHandler(capture);
      try {
        for (int i = 0; i < CALLS; i++) {
          MethodDescriptor<?, ?> method = i % 2 == 0
              ? HelloServiceGrpc.getHelloMethod() : FileControllerGrpc.getUploadMethod();
          RawCall.Outcome outcome =
              RawCall.call(channel, method, List.of(MalformedStreamTest.TRUNCATED), 10_000);
          assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code());
        }
        awaitRecords(records, CALLS);
      } finally {
        root.removeHandler(capture);
      }
    }
    long bytes = 0;
    for (LogRecord record : records) {
      assertEquals(AccessLog.LOGGER_NAME, record.getLoggerName(), record.getMessage());
      assertNull(record.getThrown(), record.getMessage());
      bytes += record.getMessage().length();
    }
    assertEquals(CALLS, records.size());
    System.out.printf("%d refused calls logged %d lines, %d bytes (%.0f bytes per call)%n",
        CALLS, records.size(), bytes, (double) bytes / CALLS);
  }

  /** The access line is written when the stream closes, just after the client saw its status. */
  private static void awaitRecords(List<LogRecord> records, int count) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(records.size() >= count, "only " + records.size() + " log records");
  }
}
