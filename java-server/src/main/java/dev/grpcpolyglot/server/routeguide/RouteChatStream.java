package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * One RouteChat call. Each note may fan out into many replies, so the next note is requested
 * only once the transport is ready to send again: a client that writes without reading gets
 * backpressure instead of growing the server's outbound buffer without bound. grpc-java
 * serialises a call's callbacks, so the fields need no locking.
 */
final class RouteChatStream implements StreamObserver<RouteNote> {
  private final RouteNotes notes;
  private final ServerCallStreamObserver<RouteNote> call;
  private boolean awaitingReady;
  private boolean failed;

  private RouteChatStream(RouteNotes notes, ServerCallStreamObserver<RouteNote> call) {
    this.notes = notes;
    this.call = call;
  }

  static RouteChatStream start(RouteNotes notes, ServerCallStreamObserver<RouteNote> call) {
    RouteChatStream stream = new RouteChatStream(notes, call);
    call.disableAutoRequest();
    call.setOnReadyHandler(stream::onReady);
    call.request(1);
    return stream;
  }

  private void onReady() {
    if (awaitingReady && call.isReady()) {
      awaitingReady = false;
      call.request(1);
    }
  }

  @Override
  public void onNext(RouteNote note) {
    if (failed) {
      return;
    }
    List<ChatNote> previous;
    try {
      previous = notes.post(RouteGuideMessages.toChatNote(note));
    } catch (ProblemException e) {
      failed = true;
      call.onError(Statuses.toException(e));
      return;
    }
    for (ChatNote earlier : previous) {
      call.onNext(RouteGuideMessages.toRouteNote(earlier));
    }
    if (call.isReady()) {
      call.request(1);
    } else {
      awaitingReady = true;
    }
  }

  @Override
  public void onError(Throwable t) {
    failed = true;
  }

  @Override
  public void onCompleted() {
    if (!failed) {
      call.onCompleted();
    }
  }
}
