package dev.grpcpolyglot.server.contact.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.TaskSink;
import dev.grpcpolyglot.server.contact.queue.TaskState;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.contact.queue.TaskView;
import dev.grpcpolyglot.server.testing.TestPostgres;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A result that reaches the PostgreSQL store while the dispatcher is returning its ended
 * worker's tasks (after it saw them, before its UPDATE puts them back) is not re-queued: the
 * server never hands out again a task whose result it has. Driven step by step through the
 * dispatcher's {@link PostgresDispatcher.ReturnHook}, no timing: the result arrives inside the
 * hook, and its commit (which the writer makes on its own schedule) comes after the put-back.
 */
class PostgresReturnRaceTest {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Test
  void aResultArrivingWhileItsEndedWorkersTasksAreReturnedKeepsItsTaskOutOfTheQueue()
      throws Exception {
    String url = postgres.url(postgres.freshDatabase("race"));
    try (PostgresTaskStore store = PostgresTaskStore.open(new QueueLimits(8, 1_000, 1_000, 1_000),
        url, Duration.ofMinutes(10))) {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      TaskStore.WorkerSlot worker = store.register(new RecordingSink(received));
      String id = store.submit("the race").get(30, TimeUnit.SECONDS);
      assertEquals(id, received.poll(30, TimeUnit.SECONDS));

      CountDownLatch returned = new CountDownLatch(1);
      store.dispatcher().returnHook(new PostgresDispatcher.ReturnHook() {
        @Override
        public void beforePutBack() {
          // The worker's result arrives now: acknowledge's first step, what the server knows
          // at once; the commit of the result is the writer's, later.
          store.dispatcher().acknowledged(Long.parseLong(id));
        }

        @Override
        public void afterPutBack() {
          returned.countDown();
        }
      });
      worker.end(); // its stream ended right after it sent the result
      assertTrue(returned.await(30, TimeUnit.SECONDS), "the dispatcher never returned the tasks");

      TaskView beforeCommit = store.status(id);
      assertEquals(TaskState.IN_FLIGHT, beforeCommit.state(), "its result arrived: not re-queued");
      assertEquals(0, store.redeliveries());

      assertEquals(Ack.FIRST, store.acknowledge(id, "done").get(30, TimeUnit.SECONDS));
      TaskView done = store.status(id);
      assertEquals(TaskState.DONE, done.state());
      assertEquals("done", done.result());
      assertEquals(1, done.deliveries());
    }
  }

  /** A worker that is always ready and records the ids of the tasks it is sent. */
  private record RecordingSink(BlockingQueue<String> received) implements TaskSink {
    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void send(String taskId, String text) {
      received.add(taskId);
    }

    @Override
    public void close(RuntimeException reason) {}
  }
}
