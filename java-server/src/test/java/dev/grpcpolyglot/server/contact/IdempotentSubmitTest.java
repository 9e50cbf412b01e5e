package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.testing.TestPostgres;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The idempotency-key header in every store: a submit repeated with the same key answers the
 * original ids and queues nothing (submitTask, submitTaskBatch, and per position on a
 * submitTasks stream); the key with another request is FAILED_PRECONDITION naming it; a malformed
 * key is INVALID_ARGUMENT. Through real stubs on the in-process transport.
 */
class IdempotentSubmitTest {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void aRepeatedSubmitTaskAnswersTheSameIdAndQueuesNothing(String store) throws Exception {
    try (ContactTestServer server = ContactTestServer.start(config(store))) {
      String id = keyed(server, "task-key-1").submitTask(task("once")).getTaskId();
      assertEquals(1, server.stats().queued());
      assertEquals(id, keyed(server, "task-key-1").submitTask(task("once")).getTaskId());
      assertEquals(1, server.stats().queued(), "the repeat queued nothing");
      // Another key is another submit; no key at all too.
      assertNotEquals(id, keyed(server, "task-key-2").submitTask(task("once")).getTaskId());
      server.submit("once");
      assertEquals(3, server.stats().queued());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void aRepeatedBatchAnswersTheSameIdsAndQueuesNothing(String store) throws Exception {
    try (ContactTestServer server = ContactTestServer.start(config(store))) {
      TaskBatch batch = TaskBatch.newBuilder().addAllTasks(List.of("a", "b", "c", "d", "e")).build();
      List<String> ids = keyed(server, "batch-key").submitTaskBatch(batch).getTaskIdsList();
      assertEquals(5, ids.size());
      assertEquals(ids, keyed(server, "batch-key").submitTaskBatch(batch).getTaskIdsList());
      assertEquals(ids, keyed(server, "batch-key").submitTaskBatch(batch).getTaskIdsList());
      assertEquals(5, server.stats().queued(), "the repeats queued nothing");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void aResentStreamQueuesOnlyTheTasksNotQueuedBefore(String store) throws Exception {
    try (ContactTestServer server = ContactTestServer.start(config(store))) {
      List<String> first = submitStream(server, "stream-key", List.of("s0", "s1", "s2"));
      assertEquals(3, server.stats().queued());
      // The producer resends the whole stream (it lost the receipts) and two more tasks.
      List<String> again = submitStream(server, "stream-key", List.of("s0", "s1", "s2", "s3", "s4"));
      assertEquals(first, again.subList(0, 3));
      assertEquals(5, server.stats().queued(), "only s3 and s4 were queued");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void aKeyReusedForAnotherRequestIsRefusedNamingIt(String store) throws Exception {
    try (ContactTestServer server = ContactTestServer.start(config(store))) {
      keyed(server, "reused-key").submitTask(task("first"));
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> keyed(server, "reused-key").submitTask(task("second")));
      assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().contains("idempotency-key 'reused-key'"),
          refused.getStatus().getDescription());
      assertEquals("IDEMPOTENCY_KEY_REUSED", reason(refused));
      // Also across methods: the key of a submitTask is not a batch's.
      StatusRuntimeException asBatch = assertThrows(StatusRuntimeException.class,
          () -> keyed(server, "reused-key").submitTaskBatch(
              TaskBatch.newBuilder().addTasks("first").build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, asBatch.getStatus().getCode());
      assertEquals(1, server.stats().queued());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void aMalformedKeyIsInvalidArgument(String store) throws Exception {
    try (ContactTestServer server = ContactTestServer.start(config(store))) {
      for (String bad : List.of("has space", "x".repeat(SubmitKey.MAX_LENGTH + 1))) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
            () -> keyed(server, bad).submitTask(task("t")));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("idempotency-key"),
            refused.getStatus().getDescription());
        assertEquals("INVALID_IDEMPOTENCY_KEY", reason(refused));
      }
      StatusRuntimeException onStream = assertThrows(StatusRuntimeException.class,
          () -> submitStream(server, "has space", List.of("t")));
      assertEquals(Status.Code.INVALID_ARGUMENT, onStream.getStatus().getCode());
      assertEquals(0, server.stats().queued());
      // The longest key is fine.
      keyed(server, "k".repeat(SubmitKey.MAX_LENGTH)).submitTask(task("t"));
      assertEquals(1, server.stats().queued());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "embedded", "postgresql"})
  void afterTheWindowTheKeyIsForgottenAndTheSubmitQueuesAgain(String store) throws Exception {
    ContactConfig config = config(store).withIdempotencyWindow(Duration.ofMillis(1));
    try (ContactTestServer server = ContactTestServer.start(config)) {
      String first = keyed(server, "short-lived").submitTask(task("t")).getTaskId();
      // Bounded polling: a repeat inside the 1 ms window still answers the first id.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String again = first;
      while (again.equals(first) && System.nanoTime() < deadline) {
        again = keyed(server, "short-lived").submitTask(task("t")).getTaskId();
      }
      assertNotEquals(first, again, "the key outlived its window");
      assertEquals(2, server.stats().queued());
    }
  }

  private ContactConfig config(String store) throws Exception {
    ContactConfig defaults = ContactConfig.defaults();
    return switch (store) {
      case "memory" -> defaults;
      case "embedded" -> defaults.withStore(TaskStores.EMBEDDED, tmp.resolve("data"));
      default -> defaults.withStore(postgres.url(postgres.freshDatabase("idem")), tmp);
    };
  }

  static TaskRequest task(String text) {
    return TaskRequest.newBuilder().setTask(text).build();
  }

  /** A blocking stub sending {@code key} as the idempotency-key header. */
  static ContactGrpc.ContactBlockingStub keyed(ContactTestServer server, String key) {
    return server.blocking().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(key)));
  }

  static Metadata header(String key) {
    Metadata headers = new Metadata();
    headers.put(IdempotencyKeys.HEADER, key);
    return headers;
  }

  static String reason(StatusRuntimeException e) throws Exception {
    for (com.google.protobuf.Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        return detail.unpack(ErrorInfo.class).getReason();
      }
    }
    return null;
  }

  /** One submitTasks stream with {@code key}; the receipts' ids, or the status it ended with. */
  static List<String> submitStream(ContactTestServer server, String key, List<String> tasks)
      throws Exception {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    List<String> ids = new ArrayList<>();
    StreamObserver<TaskRequest> requests = server.async()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(key)))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .submitTasks(new StreamObserver<>() {
          @Override
          public void onNext(TaskReceipt receipt) {
            ids.add(receipt.getTaskId());
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(ids);
          }
        });
    tasks.forEach(text -> requests.onNext(task(text)));
    requests.onCompleted();
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
