package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesModule;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that cannot be parsed, in the middle of a client stream, over a real Netty port:
 * the call ends INVALID_ARGUMENT naming the message, nothing after it is committed, and a
 * sendStatus stream sharing the connection carries on.
 */
class MalformedStreamTest {
  /** Field 1, length-delimited, claims 5 bytes, carries 2: truncated in every message type. */
  static final byte[] TRUNCATED = {0x0a, 0x05, 0x61, 0x62};
  private static final byte[] TRUNCATED_FIELD_2 = {0x12, 0x05, 0x61, 0x62};

  @TempDir Path files;
  private NettyHarness server;
  private Channel channel;
  private SideChat chat;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    server = NettyHarness.start(config.with(FilesModule.MODULE,
        config.configOf(FilesModule.MODULE).withRoot(files)));
    channel = server.channel(InsecureChannelCredentials.create());
    chat = SideChat.open(channel);
  }

  @AfterEach
  void stop() throws Exception {
    chat.assertUndisturbedAndClose();
    server.close();
  }

  @Test
  void unaryMalformedRequestIsInvalidArgumentNamingTheProblem() throws Exception {
    RawCall.Outcome outcome = RawCall.call(channel, HelloServiceGrpc.getHelloMethod(),
        List.of(TRUNCATED), 10_000);

    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code());
    assertEquals("request message 1 of go_protoc.HelloService/Hello: not a valid String:"
        + " truncated: a field runs past the end of the message (or an embedded message"
        + " misreports its length)", outcome.status().getDescription());
  }

  @Test
  void uploadWithABadChunkStoresNothingAndLeavesNoTempFile() throws Exception {
    byte[] header = UploadRequest.newBuilder()
        .setHeader(UploadHeader.newBuilder().setFilename("victim.txt")).build().toByteArray();
    byte[] data = chunk("data|");

    for (List<byte[]> messages : List.of(List.of(header, data, TRUNCATED_FIELD_2),
        List.of(header, data, TRUNCATED_FIELD_2, chunk("more")))) {
      RawCall.Outcome outcome =
          RawCall.call(channel, FileControllerGrpc.getUploadMethod(), messages, 10_000);
      assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code(), outcome.status().toString());
      assertTrue(outcome.status().getDescription().startsWith(
          "request message 3 of muxs.FileController/Upload: not a valid UploadRequest"),
          outcome.status().getDescription());
      awaitEmpty(files);
    }
  }

  @Test
  void submitTasksQueuesNothingAfterABadMessage() throws Exception {
    RawCall.Outcome outcome = RawCall.call(channel, ContactGrpc.getSubmitTasksMethod(),
        List.of(task("A"), TRUNCATED, task("B")), 10_000);
    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code());
    assertTrue(outcome.status().getDescription().startsWith(
        "request message 2 of Contact/submitTasks:"), outcome.status().getDescription());
    assertTrue(outcome.replies().size() <= 1, "receipts: " + outcome.replies().size());

    // Tasks come out in order: whatever precedes the marker task C was queued by that call.
    ContactGrpc.newBlockingStub(channel).submitTask(TaskRequest.newBuilder().setTask("C").build());
    List<String> seen = new ArrayList<>();
    Iterator<ServerMsg> tasks = ContactGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).getTask(Empty.getDefaultInstance());
    while (!seen.contains("C")) {
      seen.add(tasks.next().getTask());
    }
    assertEquals(List.of("A", "C"), seen);
  }

  @Test
  void tellResultAcknowledgesNothingAfterABadMessage() throws Exception {
    ContactGrpc.ContactBlockingStub stub = ContactGrpc.newBlockingStub(channel);
    String first = stub.submitTask(TaskRequest.newBuilder().setTask("one").build()).getTaskId();
    String second = stub.submitTask(TaskRequest.newBuilder().setTask("two").build()).getTaskId();

    RawCall.Outcome outcome = RawCall.call(channel, ContactGrpc.getTellResultMethod(),
        List.of(result(first), TRUNCATED_FIELD_2, result(second)), 10_000);

    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code());
    assertEquals(TaskState.TASK_STATE_DONE, state(stub, first));
    assertNotEquals(TaskState.TASK_STATE_DONE, state(stub, second));
  }

  @Test
  void badMessageOnSendStatusEndsOnlyThatStream() throws Exception {
    byte[] hello = ClientMsg.newBuilder().setMsg("hi").build().toByteArray();

    RawCall.Outcome outcome = RawCall.call(channel, ContactGrpc.getSendStatusMethod(),
        List.of(hello, TRUNCATED, hello), 10_000);

    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code());
    assertTrue(outcome.replies().size() <= 1);
    // SideChat (checked after each test) shares the connection and must still be answered.
  }

  private static byte[] chunk(String text) {
    return UploadRequest.newBuilder().setChunk(ByteString.copyFromUtf8(text)).build().toByteArray();
  }

  private static byte[] task(String text) {
    return TaskRequest.newBuilder().setTask(text).build().toByteArray();
  }

  private static byte[] result(String taskId) {
    return Result.newBuilder().setTaskId(taskId).setRet("ok").build().toByteArray();
  }

  private static TaskState state(ContactGrpc.ContactBlockingStub stub, String id) {
    return stub.getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(id).build()).getState();
  }

  /** Waits (bounded) for a cancelled upload's clean-up: the root must end up empty. */
  static void awaitEmpty(Path root) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Path> left;
    do {
      try (Stream<Path> entries = Files.list(root)) {
        left = entries.toList();
      }
      if (left.isEmpty()) {
        return;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    assertFalse(true, "left in the files root: " + left);
  }

}
