package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import dev.grpcpolyglot.server.testing.TestPostgres;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contact's error details (docs/errors.md) are the same whatever store holds the queue: memory,
 * embedded (SQLite) and PostgreSQL answer each failure with the same code, reason, field and
 * retry delay, through a real stub.
 */
class ContactErrorDetailsTest {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();
  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(strings = {TaskStores.MEMORY, TaskStores.EMBEDDED, "postgresql"})
  void everyStoreAnswersWithTheSameDetails(String store) throws Exception {
    ContactConfig contact = ContactConfig.defaults().withMaxQueued(1);
    contact = switch (store) {
      case TaskStores.MEMORY -> contact;
      case TaskStores.EMBEDDED -> contact.withStore(TaskStores.EMBEDDED, dataDir);
      default -> contact.withStore(postgres.url(postgres.freshDatabase("details")),
          ContactConfig.DEFAULT_DATA_DIR);
    };
    try (InProcessHarness harness =
        InProcessHarness.start(ServerConfig.forTests().with(ContactModule.MODULE, contact))) {
      ContactGrpc.ContactBlockingStub stub = ContactGrpc.newBlockingStub(harness.channel());
      assertEquals("NOT_FOUND TASK_NOT_FOUND field=task_id", details(() -> status(stub, "424242")));
      assertEquals("NOT_FOUND TASK_NOT_FOUND field=task_id", details(() -> status(stub, "x-1")));
      assertEquals("INVALID_ARGUMENT EMPTY_TASK_ID field=task_id", details(() -> status(stub, "")));
      assertEquals("INVALID_ARGUMENT EMPTY_TASK field=task", details(() -> submit(stub, "")));
      submit(stub, "upper first");
      assertEquals("RESOURCE_EXHAUSTED QUEUE_FULL retry=1s", details(() -> submit(stub, "second")));
    }
  }

  private static void status(ContactGrpc.ContactBlockingStub stub, String id) {
    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(id).build());
  }

  private static void submit(ContactGrpc.ContactBlockingStub stub, String task) {
    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .submitTask(TaskRequest.newBuilder().setTask(task).build());
  }

  /** "CODE REASON [field=F] [retry=Ns]" of the failure {@code call} must end with. */
  private static String details(Runnable call) throws InvalidProtocolBufferException {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    List<String> parts = new ArrayList<>(List.of(Status.fromThrowable(e).getCode().name()));
    for (Any detail : rich == null ? List.<Any>of() : rich.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        parts.add(detail.unpack(ErrorInfo.class).getReason());
      } else if (detail.is(BadRequest.class)) {
        detail.unpack(BadRequest.class).getFieldViolationsList()
            .forEach(v -> parts.add("field=" + v.getField()));
      } else if (detail.is(RetryInfo.class)) {
        parts.add("retry=" + detail.unpack(RetryInfo.class).getRetryDelay().getSeconds() + "s");
      }
    }
    return String.join(" ", parts);
  }
}
