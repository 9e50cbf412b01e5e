package dev.grpcpolyglot.server.contact;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Manual inbound flow control for a stream whose every request produces a reply (sendStatus,
 * submitTasks): at most {@code size} requests are asked for ahead of processing, and the window
 * is topped up (in batches of half, so not one request and transport wake-up per message) only
 * while the reply stream {@code isReady()}. A client that sends but never reads its replies thus
 * stops being read too, and the server holds at most a window of replies beyond the transport's
 * own buffer instead of growing without bound.
 *
 * <p>Thread-safe (one monitor, uncontended but for a durable store, whose replies are written
 * from its commit thread while the onReady handler runs on the transport).
 */
final class ReadWindow {
  private final ServerCallStreamObserver<?> replies;
  private final int size;
  /** Requests processed since the window was last topped up. */
  private int unrequested;

  private ReadWindow(ServerCallStreamObserver<?> replies, int size) {
    this.replies = replies;
    this.size = size;
  }

  /** Turns automatic requests off and asks for the first window; call it from the handler. */
  static ReadWindow open(ServerCallStreamObserver<?> replies, int size) {
    ReadWindow window = new ReadWindow(replies, size);
    replies.disableAutoRequest();
    replies.setOnReadyHandler(window::topUpIfReady);
    replies.request(size);
    return window;
  }

  /** One request was processed (its reply written). */
  synchronized void processed() {
    if (++unrequested >= size / 2) {
      topUpIfReady();
    }
  }

  private synchronized void topUpIfReady() {
    if (unrequested > 0 && replies.isReady()) {
      replies.request(unrequested);
      unrequested = 0;
    }
  }
}
