package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.Result;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * One sendStatus call: every message gets "server received: " + msg, in order, as it arrives.
 *
 * <p>Flow control: a {@link ReadWindow} of {@link #WINDOW} messages, topped up only while the
 * replies are being read, so a client that never reads its replies stops being read too.
 *
 * <p>Threading: gRPC delivers onNext/onCompleted/onError and the onReady handler serially for one
 * call, so the window needs no lock; writes go through {@link GuardedReplies} because shutdown
 * ends the stream from another thread.
 */
final class StatusChat implements StreamObserver<ClientMsg> {
  static final String REPLY_PREFIX = "server received: ";
  /** Messages requested ahead of processing; also the most replies queued beyond the transport. */
  static final int WINDOW = 256;

  private final GuardedReplies<Result> replies;
  private final ReadWindow window;

  private StatusChat(GuardedReplies<Result> replies) {
    this.replies = replies;
    this.window = ReadWindow.open(replies.call(), WINDOW);
  }

  /** Starts a chat on {@code replies}; it is in {@code open} until it ends. */
  static StatusChat start(StreamObserver<Result> replies, Set<GuardedReplies<?>> open) {
    return new StatusChat(
        new GuardedReplies<>((ServerCallStreamObserver<Result>) replies, open));
  }

  @Override
  public void onNext(ClientMsg message) {
    Result reply = Result.newBuilder().setRet(REPLY_PREFIX + message.getMsg()).build();
    if (replies.send(() -> reply)) {
      window.processed();
    }
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled or the connection broke; nothing to answer.
    replies.clientGone();
  }

  @Override
  public void onCompleted() {
    replies.complete();
  }
}
