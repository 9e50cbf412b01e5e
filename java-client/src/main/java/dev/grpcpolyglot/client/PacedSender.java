package dev.grpcpolyglot.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client side of a bidi call fed from the caller's thread (sendStatus, submitTasks): sends
 * each request only when the transport can take it (outbound flow control: never more than the
 * stream accepts, so nothing piles up in memory), hands each reply to {@code onReply} as it
 * arrives (on a gRPC thread), and half-closes after the last request.
 */
final class PacedSender<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {
  private final Consumer<RespT> onReply;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private ClientCallStreamObserver<ReqT> requests;

  PacedSender(Consumer<RespT> onReply) {
    this.onReply = onReply;
  }

  /** Completes when the server ends the call: normally, or exceptionally with its status. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    requests = requestStream;
    // Wake the sending thread when the transport can take more.
    requestStream.setOnReadyHandler(() -> {
      synchronized (this) {
        notifyAll();
      }
    });
  }

  /**
   * Sends on the caller's thread, waiting while the stream is not ready; {@code messages} may
   * block (e.g. lines typed on a terminal). Stops early, without error, if the call ends first
   * ({@link #ended} tells why); cancels the call if sending fails or is interrupted.
   */
  void sendAll(Iterator<ReqT> messages) throws InterruptedException {
    try {
      while (messages.hasNext()) {
        ReqT message = messages.next();
        if (!awaitReady()) {
          return;
        }
        requests.onNext(message);
      }
      requests.onCompleted();
    } catch (RuntimeException | InterruptedException e) {
      requests.cancel("client stopped sending", e);
      throw e;
    }
  }

  private synchronized boolean awaitReady() throws InterruptedException {
    while (!requests.isReady() && !ended.isDone()) {
      // No lost wakeup: the onReady handler and the end callbacks notify under this monitor.
      wait();
    }
    return !ended.isDone();
  }

  @Override
  public void onNext(RespT reply) {
    onReply.accept(reply);
  }

  @Override
  public void onError(Throwable t) {
    ended.completeExceptionally(t);
    synchronized (this) {
      notifyAll();
    }
  }

  @Override
  public void onCompleted() {
    ended.complete(null);
    synchronized (this) {
      notifyAll();
    }
  }
}
