package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.server.testing.EndRecorder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sendStatus through the real stub: exact replies, order, half-close, flow control. */
class SendStatusTest {
  private ContactTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void answersAThousandMessagesExactlyAndInOrderThenEndsOk() throws Exception {
    int count = 1_000;
    Chat chat = new Chat(count, Integer.MAX_VALUE);
    server.async().sendStatus(chat);
    assertEquals(Status.Code.OK, chat.ended.get(30, TimeUnit.SECONDS).getCode());
    List<String> replies = chat.replies();
    assertEquals(count, replies.size());
    for (int i = 0; i < count; i++) {
      assertEquals("server received: message " + i, replies.get(i));
    }
  }

  @Test
  void aClientThatDoesNotReadStopsTheServerReadingInsteadOfBuffering() throws Exception {
    int count = 20_000;
    // The client reads no replies at first; it sends whenever its stream is ready.
    Chat chat = new Chat(count, 0);
    server.async().sendStatus(chat);
    // With flow control the server stops requesting messages once a window of replies is
    // unread, so the client can never get much past it. Without, all 20,000 would go through.
    int bound = StatusChat.WINDOW * 4;
    assertFalse(chat.sentPast(bound).await(1, TimeUnit.SECONDS),
        "client could send " + chat.sent.get() + " messages without reading a reply");
    assertTrue(chat.sent.get() >= StatusChat.WINDOW / 2, "the server should read a window first");
    // Reading resumes the flow: every reply arrives, in order, and the call ends OK.
    chat.startReading();
    assertEquals(Status.Code.OK, chat.ended.get(60, TimeUnit.SECONDS).getCode());
    List<String> replies = chat.replies();
    assertEquals(count, replies.size());
    for (int i = 0; i < count; i++) {
      assertEquals("server received: message " + i, replies.get(i));
    }
  }

  /** A flow-controlled client: sends while ready, reads {@code initialReads} replies up front. */
  static final class Chat extends EndRecorder<Result>
      implements ClientResponseObserver<ClientMsg, Result> {
    private final int count;
    private final int initialReads;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> replies = new ArrayList<>();
    private volatile CountDownLatch pastLatch = new CountDownLatch(1);
    private volatile int pastBound = Integer.MAX_VALUE;
    private ClientCallStreamObserver<ClientMsg> requests;
    /** Callback-confined. */
    private boolean halfClosed;

    Chat(int count, int initialReads) {
      this.count = count;
      this.initialReads = initialReads;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientMsg> requestStream) {
      requests = requestStream;
      if (initialReads != Integer.MAX_VALUE) {
        requestStream.disableAutoRequestWithInitial(initialReads);
      }
      requestStream.setOnReadyHandler(this::sendWhileReady);
    }

    /** Runs on gRPC's callback executor, serialized with the other callbacks of this call. */
    private void sendWhileReady() {
      while (requests.isReady() && sent.get() < count) {
        int i = sent.getAndIncrement();
        requests.onNext(ClientMsg.newBuilder().setMsg("message " + i).build());
        if (i + 1 > pastBound) {
          pastLatch.countDown();
        }
      }
      if (sent.get() == count && !halfClosed) {
        halfClosed = true;
        requests.onCompleted();
      }
    }

    CountDownLatch sentPast(int bound) {
      pastBound = bound;
      if (sent.get() > bound) {
        pastLatch.countDown();
      }
      return pastLatch;
    }

    void startReading() {
      requests.request(Integer.MAX_VALUE);
    }

    @Override
    public void onNext(Result value) {
      synchronized (this) {
        replies.add(value.getRet());
      }
    }

    synchronized List<String> replies() {
      return List.copyOf(replies);
    }
  }
}
