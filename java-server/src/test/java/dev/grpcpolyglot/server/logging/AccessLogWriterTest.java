package dev.grpcpolyglot.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log's writer: never blocks a call, counts what it drops, writes the JUL format. */
class AccessLogWriterTest {
  private static AccessLine line(String method, Status.Code status) {
    return new AccessLine(1_765_000_000_123L, method, "127.0.0.1:5000", "alice", status,
        2_449_999, 1, 1, "-");
  }

  @Test
  void aFullQueueDropsAndCountsLinesAndWarnsOnce() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<AccessLine> written = new CopyOnWriteArrayList<>();
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel() == Level.WARNING) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(AccessLog.class.getName());
    logger.addHandler(capture);
    try {
      AccessLogWriter writer = new AccessLogWriter(4, batch -> {
        writing.countDown();
        try {
          // The sink is stuck, as a blocked stderr pipe would be.
          assertTrue(release.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.addAll(batch);
      });
      writer.submit(line("first", Status.Code.OK));
      assertTrue(writing.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 4 + 7; i++) {
        writer.submit(line("m" + i, Status.Code.OK)); // returns at once even though stuck
      }
      assertEquals(7, writer.droppedLines());
      release.countDown();
      writer.close();
      assertEquals(5, written.size());
      assertEquals(1, warnings.size(), "one warning, not one per line");
      assertTrue(warnings.get(0).getMessage().contains("dropped"));
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void stderrLinesAreWhatSimpleFormatterWouldWrite() {
    List<AccessLine> batch = new ArrayList<>();
    batch.add(line("go_protoc.HelloService/Hello", Status.Code.OK));
    batch.add(line("x/y\nFAKE rpc=evil status=OK\r\u001b[2J\u0000", Status.Code.UNIMPLEMENTED));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new AccessLogSinks().writeToStderr(batch, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    StringBuilder expected = new StringBuilder();
    for (AccessLine line : batch) {
      LogRecord record = AccessLogSinks.record(line);
      ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(line.epochMillis()),
          ZoneId.systemDefault());
      // What java.util.logging.SimpleFormatter does with the server's format.
      expected.append(String.format(LogFormat.SIMPLE_FORMAT, time, "source",
          record.getLoggerName(), record.getLevel().getLocalizedName(), record.getMessage(), ""));
    }
    String written = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expected.toString(), written);
    assertEquals(2, written.lines().count(), written);
    assertTrue(written.contains(" INFO dev.grpcpolyglot.server.access: rpc=go_protoc.HelloService/Hello"
        + " peer=127.0.0.1:5000 caller=alice status=OK duration_ms=2.4 in=1 out=1 trace=-"), written);
    assertTrue(written.contains(" WARNING dev.grpcpolyglot.server.access: rpc=x/y\\x0aFAKE\\x20rpc="
        + "evil\\x20status=OK\\x0d\\x1b[2J\\x00 peer="), written);
  }
}
