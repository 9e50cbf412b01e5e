package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.interop.testing.Messages.EchoStatus;
import dev.grpcpolyglot.interop.testing.Messages.ResponseParameters;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallRequest;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The responses of one streaming TestService call, in request order, sent only while the call's
 * transport is ready (HTTP/2 flow control): a client that stops reading makes the server stop
 * after gRPC's on-ready threshold (32 KiB) plus one response, until the client reads again and
 * the transport calls onReady. So what the server holds per call is bounded by one response,
 * however many the requests ask for.
 *
 * <p>Threading: every method runs on the call's serializing executor (the service method, the
 * request observer's callbacks and the onReady and onCancel handlers all do), so nothing here
 * is locked.
 */
final class PacedResponses {
  private final ServerCallStreamObserver<StreamingOutputCallResponse> call;
  private final ResponseBounds bounds;
  /** Called each time every response of one request has been sent (FullDuplexCall reads on). */
  private final Runnable requestAnswered;
  private final ArrayDeque<StreamingOutputCallRequest> waiting = new ArrayDeque<>();
  /** Index of the next response of {@code waiting.peek()}. */
  private int next;
  /** HalfDuplexCall: nothing is sent before the half-close. */
  private boolean holding;
  private boolean halfClosed;
  /** The call ended (completed, failed or cancelled): nothing more is sent. */
  private boolean over;
  /** Responses of the requests collected while holding, for the per-call bound. */
  private int held;

  /**
   * Must be created during the service method's own invocation: that is when grpc-java lets the
   * onReady and onCancel handlers be set.
   */
  PacedResponses(ServerCallStreamObserver<StreamingOutputCallResponse> call, ResponseBounds bounds,
      boolean holdUntilHalfClose, Runnable requestAnswered) {
    this.call = call;
    this.bounds = bounds;
    this.holding = holdUntilHalfClose;
    this.requestAnswered = requestAnswered;
    call.setOnReadyHandler(this::send);
    // With a cancel handler set, onNext after a cancel is a no-op instead of an exception.
    call.setOnCancelHandler(() -> over = true);
    call.setCompression("gzip");
  }

  /**
   * Queues the responses {@code request} asks for and sends what the transport takes now;
   * fails the call when the request asks more than the bounds allow.
   */
  void add(StreamingOutputCallRequest request) {
    if (over) {
      return;
    }
    Status refused = bounds.check(request);
    if (refused == null && holding) {
      held += Math.max(1, request.getResponseParametersCount());
      if (held > bounds.maxResponses()) {
        refused = Status.RESOURCE_EXHAUSTED.withDescription("HalfDuplexCall answers at the"
            + " half-close, so it holds every request until then; this call asked for more"
            + " than the server's limit of " + bounds.maxResponses()
            + " responses (--test-service-max-responses)");
      }
    }
    if (refused != null) {
      fail(refused);
      return;
    }
    // Only what answering needs: a held request's payload would be dead weight.
    waiting.add(request.hasPayload() ? request.toBuilder().clearPayload().build() : request);
    send();
  }

  /** The client half-closed: once every queued response is sent, the call completes OK. */
  void halfClose() {
    halfClosed = true;
    holding = false;
    send();
  }

  /** The client cancelled or its deadline passed: the call is already over. */
  void cancelled() {
    over = true;
    waiting.clear();
  }

  /** Sends while the transport is ready; returns when it is not (onReady calls again). */
  private void send() {
    while (!over && !holding) {
      StreamingOutputCallRequest request = waiting.peek();
      if (request == null) {
        if (halfClosed) {
          over = true;
          call.onCompleted();
        }
        return;
      }
      if (next == 0 && request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
        fail(toStatus(request.getResponseStatus()));
        return;
      }
      if (next == request.getResponseParametersCount()) {
        waiting.poll();
        next = 0;
        requestAnswered.run();
        continue;
      }
      if (!call.isReady()) {
        return;
      }
      ResponseParameters parameters = request.getResponseParameters(next++);
      // The pause blocks this call's executor thread, which is the point of interval_us: the
      // client must see the responses spread out in time.
      if (parameters.getIntervalUs() > 0 && !pause(parameters.getIntervalUs())) {
        fail(Status.CANCELLED.withDescription("interrupted"));
        return;
      }
      call.setMessageCompression(
          parameters.hasCompressed() && parameters.getCompressed().getValue());
      call.onNext(StreamingOutputCallResponse.newBuilder()
          .setPayload(bounds.payload(parameters.getSize())).build());
    }
  }

  private void fail(Status status) {
    over = true;
    waiting.clear();
    call.onError(status.asRuntimeException());
  }

  private static boolean pause(int intervalMicros) {
    try {
      TimeUnit.MICROSECONDS.sleep(intervalMicros);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Status toStatus(EchoStatus echo) {
    return Status.fromCodeValue(echo.getCode()).withDescription(echo.getMessage());
  }
}
