package dev.grpcpolyglot.server.error;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Completes a unary call from a function, turning any failure into a status via {@link Statuses}. */
public final class Unary {
  private Unary() {}

  /** Sends {@code handler}'s reply and completes, or fails the call with the mapped status. */
  public static <T> void respond(StreamObserver<T> responseObserver, Supplier<T> handler) {
    T reply;
    try {
      reply = handler.get();
    } catch (RuntimeException e) {
      responseObserver.onError(Statuses.toException(e));
      return;
    }
    responseObserver.onNext(reply);
    responseObserver.onCompleted();
  }
}
