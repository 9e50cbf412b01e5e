package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Background flushes: when they start, never two at once, and their failures are not lost. */
class WritebackTest {
  /** Runs submitted steps only when the test says so: a step stays "in flight" until then. */
  static final class HeldExecutor implements Executor {
    final Queue<Runnable> held = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void runAll() {
      while (!held.isEmpty()) {
        held.remove().run();
      }
    }
  }

  int flushes;
  final HeldExecutor executor = new HeldExecutor();

  @Test
  void aStepStartsOnlyOnceEnoughIsWritten() throws IOException {
    Writeback writeback = new Writeback(() -> flushes++, executor);
    writeback.written(Writeback.STEP_BYTES - 1);
    assertEquals(0, executor.held.size());
    writeback.written(1);
    assertEquals(1, executor.held.size());
    executor.runAll();
    assertEquals(1, flushes);
  }

  @Test
  void neverTwoStepsInFlight() throws IOException {
    Writeback writeback = new Writeback(() -> flushes++, executor);
    writeback.written(Writeback.STEP_BYTES);
    writeback.written(3 * Writeback.STEP_BYTES); // the first is still running
    assertEquals(1, executor.held.size());
    executor.runAll();
    writeback.written(1); // the backlog starts the next step as soon as the first is done
    assertEquals(1, executor.held.size());
    executor.runAll();
    assertEquals(2, flushes);
  }

  @Test
  void aFailedStepFailsTheFile() throws IOException {
    IOException failure = new IOException("Input/output error");
    Writeback writeback = new Writeback(() -> {
      throw failure;
    }, executor);
    writeback.written(Writeback.STEP_BYTES);
    executor.runAll();
    assertSame(failure, assertThrows(IOException.class, writeback::await));
    assertSame(failure, assertThrows(IOException.class,
        () -> writeback.written(Writeback.STEP_BYTES)));
  }
}
