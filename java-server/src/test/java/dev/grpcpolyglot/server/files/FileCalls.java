package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.proto.muxs.Chunk;
import dev.grpcpolyglot.proto.muxs.DownloadRequest;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.function.Executable;

/** Raw-stub calls the file tests share: the server seen only through its wire API. */
final class FileCalls {
  static final long DEADLINE_SECONDS = 30;

  private FileCalls() {}

  static FileControllerGrpc.FileControllerBlockingStub blocking(Channel channel) {
    return FileControllerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  static UploadRequest header(String filename, long size) {
    return UploadRequest.newBuilder()
        .setHeader(UploadHeader.newBuilder().setFilename(filename).setSize(size))
        .build();
  }

  static UploadRequest chunk(byte[] data) {
    return UploadRequest.newBuilder().setChunk(ByteString.copyFrom(data)).build();
  }

  /** Sends {@code messages} and half-closes; returns the reply or throws the call's status. */
  static UploadReply upload(Channel channel, UploadRequest... messages) throws Exception {
    CompletableFuture<UploadReply> result = new CompletableFuture<>();
    StreamObserver<UploadRequest> requests = FileControllerGrpc.newStub(channel)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .upload(completing(result));
    for (UploadRequest message : messages) {
      requests.onNext(message);
    }
    requests.onCompleted();
    try {
      return result.get(DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("upload never finished", e);
    }
  }

  /** A response observer completing {@code result} with the last reply or the error. */
  static <T> StreamObserver<T> completing(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      private T last;

      @Override
      public void onNext(T value) {
        last = value;
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(last);
      }
    };
  }

  static byte[] download(Channel channel, String filename, long offset) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Iterator<Chunk> chunks = blocking(channel).download(
        DownloadRequest.newBuilder().setFilename(filename).setOffset(offset).build());
    while (chunks.hasNext()) {
      chunks.next().getData().writeTo(bytes);
    }
    return bytes.toByteArray();
  }

  /** Runs {@code call}, asserts it fails with {@code code}, returns the status description. */
  static String assertCode(Status.Code code, Executable call) {
    Throwable thrown = assertThrows(Throwable.class, call);
    Status status = Status.fromThrowable(thrown);
    assertEquals(code, status.getCode(), () -> "status was " + status);
    return status.getDescription() == null ? "" : status.getDescription();
  }

  /**
   * Runs {@code call}, asserts it fails INVALID_ARGUMENT with a google.rpc.BadRequest detail
   * (docs/errors.md), returns the field that detail names.
   */
  static String badRequestField(Executable call) throws Exception {
    Throwable thrown = assertThrows(Throwable.class, call);
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(thrown).getCode());
    com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(thrown);
    for (com.google.protobuf.Any any : details == null
        ? List.<com.google.protobuf.Any>of() : details.getDetailsList()) {
      if (any.is(com.google.rpc.BadRequest.class)) {
        return any.unpack(com.google.rpc.BadRequest.class).getFieldViolations(0).getField();
      }
    }
    throw new AssertionError("no BadRequest detail on " + Status.fromThrowable(thrown));
  }

  /** The status code of a call that may or may not succeed (OK if it did). */
  static Status.Code codeOf(Executable call) {
    try {
      call.execute();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } catch (Throwable e) {
      return Status.fromThrowable(e).getCode();
    }
  }
}
