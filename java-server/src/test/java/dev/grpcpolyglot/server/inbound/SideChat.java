package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.server.testing.EndRecorder;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An innocent sendStatus stream sharing the connection with hostile calls: it must be answered,
 * in order, and end OK, whatever the other calls did.
 */
final class SideChat {
  private final StreamObserver<ClientMsg> requests;
  private final EndRecorder<Result> replies;
  private final List<String> received;
  private int sent;

  private SideChat(StreamObserver<ClientMsg> requests, EndRecorder<Result> replies,
      List<String> received) {
    this.requests = requests;
    this.replies = replies;
    this.received = received;
  }

  static SideChat open(Channel channel) {
    List<String> received = new CopyOnWriteArrayList<>();
    EndRecorder<Result> replies = EndRecorder.onEach(result -> received.add(result.getRet()));
    StreamObserver<ClientMsg> requests = ContactGrpc.newStub(channel).sendStatus(replies);
    SideChat chat = new SideChat(requests, replies, received);
    chat.say();
    return chat;
  }

  /** Sends the next numbered message. */
  void say() {
    requests.onNext(ClientMsg.newBuilder().setMsg("side " + sent++).build());
  }

  void assertUndisturbedAndClose() throws Exception {
    say();
    requests.onCompleted();
    assertEquals(Status.Code.OK, replies.ended.get(30, TimeUnit.SECONDS).getCode());
    assertEquals(sent, received.size());
    for (int i = 0; i < sent; i++) {
      assertEquals("server received: side " + i, received.get(i));
    }
  }
}
