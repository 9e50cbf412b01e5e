package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.Result;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * One sendStatus call: every message gets "server received: " + msg, in order, as it arrives.
 *
 * <p>Flow control: automatic inbound requests are off. We ask the transport for up to
 * {@link #WINDOW} messages and top the window up (in batches of half of it, so not one request
 * per message) only while the reply stream {@code isReady()}. A client that sends but never reads
 * thus stops being read too, and the server buffers at most a window of replies beyond the
 * transport's own buffer instead of growing without bound.
 *
 * <p>Threading: gRPC delivers onNext/onCompleted/onError and the onReady handler serially for one
 * call, so the window counter needs no lock. Only {@link #shutdown} comes from another thread;
 * the monitor makes it and the reply writes mutually exclusive (uncontended, so cheap).
 */
final class StatusChat implements StreamObserver<ClientMsg> {
  static final String REPLY_PREFIX = "server received: ";
  /** Messages requested ahead of processing; also the most replies queued beyond the transport. */
  static final int WINDOW = 256;

  private final ServerCallStreamObserver<Result> replies;
  private final Set<StatusChat> open;
  /** Messages processed since the window was last topped up; callback-confined. */
  private int unrequested;
  /** Guarded by this. */
  private boolean closed;

  private StatusChat(ServerCallStreamObserver<Result> replies, Set<StatusChat> open) {
    this.replies = replies;
    this.open = open;
  }

  /** Starts a chat on {@code replies}; it registers in {@code open} until it ends. */
  static StatusChat start(StreamObserver<Result> replies, Set<StatusChat> open) {
    ServerCallStreamObserver<Result> serverReplies = (ServerCallStreamObserver<Result>) replies;
    StatusChat chat = new StatusChat(serverReplies, open);
    serverReplies.disableAutoRequest();
    serverReplies.setOnReadyHandler(chat::topUpIfReady);
    serverReplies.setOnCancelHandler(() -> open.remove(chat));
    open.add(chat);
    serverReplies.request(WINDOW);
    return chat;
  }

  @Override
  public void onNext(ClientMsg message) {
    Result reply = Result.newBuilder().setRet(REPLY_PREFIX + message.getMsg()).build();
    synchronized (this) {
      if (closed) {
        return;
      }
      replies.onNext(reply);
    }
    unrequested++;
    if (unrequested >= WINDOW / 2) {
      topUpIfReady();
    }
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled or the connection broke; nothing to answer.
    open.remove(this);
  }

  @Override
  public void onCompleted() {
    open.remove(this);
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      replies.onCompleted();
    }
  }

  /** Server shutdown: ends the chat with UNAVAILABLE so the client reconnects elsewhere. */
  void shutdown() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        replies.onError(Status.UNAVAILABLE
            .withDescription("server is shutting down; reconnect to another server")
            .asRuntimeException());
      } catch (RuntimeException e) {
        // Cancelled at the same instant: the client is gone already.
      }
    }
  }

  private void topUpIfReady() {
    if (unrequested > 0 && replies.isReady()) {
      replies.request(unrequested);
      unrequested = 0;
    }
  }
}
