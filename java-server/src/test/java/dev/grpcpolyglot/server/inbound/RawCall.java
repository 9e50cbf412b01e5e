package dev.grpcpolyglot.server.inbound;

import dev.grpcpolyglot.server.testing.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Sends arbitrary bytes as the request messages of any method, as a hostile client would. */
final class RawCall {

  /** How a call ended (status and trailers) and what it received. */
  record Outcome(Status status, Metadata trailers, List<byte[]> replies) {
    Status.Code code() {
      return status.getCode();
    }

    /** The {@code google.rpc.Status} of the trailers' details, if the server sent one. */
    Optional<com.google.rpc.Status> details() {
      return Optional.ofNullable(StatusProto.fromStatusAndTrailers(status, trailers))
          .filter(rich -> !rich.getDetailsList().isEmpty());
    }
  }

  private RawCall() {}

  /** Starts a call, sends {@code messages}, half-closes; completes when the call ends. */
  static CompletableFuture<Outcome> start(Channel channel, MethodDescriptor<?, ?> method,
      List<byte[]> messages, long deadlineMillis, boolean compressed) {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    if (compressed) {
      options = options.withCompression("gzip");
    }
    ClientCall<byte[], byte[]> call = channel.newCall(RawBytes.method(method), options);
    List<byte[]> replies = new CopyOnWriteArrayList<>();
    CompletableFuture<Outcome> ended = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        replies.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        ended.complete(new Outcome(status, trailers, List.copyOf(replies)));
      }
    }, new Metadata());
    call.request(1);
    if (compressed) {
      call.setMessageCompression(true);
    }
    for (byte[] message : messages) {
      call.sendMessage(message);
    }
    call.halfClose();
    return ended;
  }

  static Outcome call(Channel channel, MethodDescriptor<?, ?> method, List<byte[]> messages,
      long deadlineMillis) throws Exception {
    return start(channel, method, messages, deadlineMillis, false)
        .get(deadlineMillis + 10_000, TimeUnit.MILLISECONDS);
  }
}
