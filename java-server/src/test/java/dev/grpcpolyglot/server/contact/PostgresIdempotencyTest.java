package dev.grpcpolyglot.server.contact;

import static dev.grpcpolyglot.server.contact.IdempotentSubmitTest.header;
import static dev.grpcpolyglot.server.contact.IdempotentSubmitTest.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskBatchReceipt;
import dev.grpcpolyglot.server.testing.TestPostgres;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency keys in the PostgreSQL store across replicas (two stores on one database, as two
 * servers would be): the same key submitted on both at once queues one batch, both answered
 * with its ids; and a submit whose transaction rolled back leaves no key, so its retry queues
 * the batch once.
 */
class PostgresIdempotencyTest {
  private static final int KEYS = 30;
  private static final List<String> BATCH = List.of("t0", "t1", "t2", "t3", "t4");

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @TempDir Path tmp;

  @Test
  void theSameKeyOnTwoReplicasAtOnceQueuesOneBatch() throws Exception {
    String database = postgres.freshDatabase("race");
    ContactConfig config = ContactConfig.defaults().withStore(postgres.url(database), tmp);
    try (ContactTestServer a = ContactTestServer.start(config);
        ContactTestServer b = ContactTestServer.start(config)) {
      List<CompletableFuture<List<String>>> onA = new ArrayList<>();
      List<CompletableFuture<List<String>>> onB = new ArrayList<>();
      // Every pair is in flight on both replicas before any answer is awaited.
      for (int k = 0; k < KEYS; k++) {
        onA.add(submitBatch(a, "race-" + k));
        onB.add(submitBatch(b, "race-" + k));
      }
      for (int k = 0; k < KEYS; k++) {
        List<String> idsA = onA.get(k).get(60, TimeUnit.SECONDS);
        assertEquals(BATCH.size(), idsA.size());
        assertEquals(idsA, onB.get(k).get(60, TimeUnit.SECONDS), "key race-" + k);
      }
      assertEquals(KEYS * BATCH.size(), count(database, "SELECT count(*) FROM contact_task"));
      assertEquals(KEYS, count(database, "SELECT count(*) FROM contact_submit_key"));
    }
  }

  @Test
  void aSubmitWhoseTransactionRolledBackLeavesNoKeyAndItsRetryQueuesOnce() throws Exception {
    String database = postgres.freshDatabase("rollback");
    ContactConfig config = ContactConfig.defaults().withStore(postgres.url(database), tmp);
    try (ContactTestServer server = ContactTestServer.start(config)) {
      // The first insert of the batch's tasks fails after its key was inserted, once: a
      // sequence (which a rollback does not undo) counts the attempts.
      execute(database, "CREATE SEQUENCE fail_once",
          "CREATE FUNCTION fail_once() RETURNS trigger AS $$ BEGIN"
              + " IF NEW.text = 't0' AND nextval('fail_once') = 1 THEN"
              + " RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
          "CREATE TRIGGER fail_once BEFORE INSERT ON contact_task FOR EACH ROW"
              + " EXECUTE FUNCTION fail_once()");
      TaskBatch batch = TaskBatch.newBuilder().addAllTasks(BATCH).build();
      StatusRuntimeException failed = assertThrows(StatusRuntimeException.class,
          () -> keyed(server, "rolled-back").submitTaskBatch(batch));
      assertEquals(Status.Code.UNAVAILABLE, failed.getStatus().getCode());
      assertEquals(0, count(database, "SELECT count(*) FROM contact_submit_key"));
      assertEquals(0, count(database, "SELECT count(*) FROM contact_task"));

      List<String> ids = keyed(server, "rolled-back").submitTaskBatch(batch).getTaskIdsList();
      assertEquals(BATCH.size(), ids.size());
      assertEquals(ids, keyed(server, "rolled-back").submitTaskBatch(batch).getTaskIdsList());
      assertEquals(BATCH.size(), count(database, "SELECT count(*) FROM contact_task"));
    }
  }

  private static CompletableFuture<List<String>> submitBatch(ContactTestServer server, String key) {
    CompletableFuture<List<String>> ids = new CompletableFuture<>();
    ContactGrpc.ContactStub stub = server.async()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(key)))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
    stub.submitTaskBatch(TaskBatch.newBuilder().addAllTasks(BATCH).build(), new StreamObserver<>() {
      @Override
      public void onNext(TaskBatchReceipt receipt) {
        ids.complete(receipt.getTaskIdsList());
      }

      @Override
      public void onError(Throwable t) {
        ids.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    return ids;
  }

  private static long count(String database, String query) throws SQLException {
    DataSource source = postgres.dataSource(database);
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void execute(String database, String... statements) throws SQLException {
    try (Connection connection = postgres.dataSource(database).getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
