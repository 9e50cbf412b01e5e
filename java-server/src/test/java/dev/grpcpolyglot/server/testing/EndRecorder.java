package dev.grpcpolyglot.server.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A response observer that records how its call ended: {@link Status#OK} on completion, the
 * error's status otherwise. Tests wait on {@link #ended} with a bounded get, never a sleep.
 */
public abstract class EndRecorder<T> implements StreamObserver<T> {
  /** Completed once, when the call ends. */
  public final CompletableFuture<Status> ended = new CompletableFuture<>();

  /** An observer handing each response to {@code onResponse} (called on a gRPC thread). */
  public static <T> EndRecorder<T> onEach(Consumer<? super T> onResponse) {
    return new EndRecorder<>() {
      @Override
      public void onNext(T response) {
        onResponse.accept(response);
      }
    };
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    ended.complete(Status.OK);
  }
}
