package dev.grpcpolyglot.server.inbound;

import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;

/**
 * Stands between gRPC and a service's listener. A request that could not be accepted
 * ({@link RefusedRequest}) or a listener that throws ends the call here with a clear status,
 * and the service is told the call was cancelled: it never sees another message or a clean
 * half-close of that call, so it commits nothing (no file, no task, no acknowledgement).
 *
 * <p>gRPC's own handling of both cases closes the stream but keeps delivering the rest of the
 * stream and its half-close to the service, which then writes to the closed stream (see
 * {@link GuardedCall}) and may commit half a request. gRPC calls a listener from one thread at
 * a time, so the fields need no lock.
 */
final class GuardedListener extends ServerCall.Listener<Object> {
  private final ServerCall.Listener<Object> service;
  private final GuardedCall call;
  private final String method;
  private long received;
  private boolean ended;

  GuardedListener(ServerCall.Listener<Object> service, GuardedCall call, String method) {
    this.service = service;
    this.call = call;
    this.method = method;
  }

  @Override
  public void onMessage(Object message) {
    if (ended) {
      return;
    }
    received++;
    if (message instanceof RefusedRequest refused) {
      end(Statuses.toException(problemOf(refused)));
      return;
    }
    try {
      service.onMessage(message);
    } catch (RuntimeException e) {
      end(Statuses.toException(e));
    }
  }

  @Override
  public void onHalfClose() {
    if (ended) {
      return;
    }
    try {
      service.onHalfClose();
    } catch (RuntimeException e) {
      end(Statuses.toException(e));
    }
  }

  @Override
  public void onReady() {
    if (ended) {
      return;
    }
    try {
      service.onReady();
    } catch (RuntimeException e) {
      end(Statuses.toException(e));
    }
  }

  @Override
  public void onCancel() {
    if (ended) {
      return;
    }
    ended = true;
    tellServiceCancelled();
  }

  @Override
  public void onComplete() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      service.onComplete();
    } catch (RuntimeException e) {
      Statuses.toStatus(e); // logs it; the call is over
    }
  }

  /** The refusal as a domain problem, so it travels with ErrorInfo like every other one. */
  private ProblemException problemOf(RefusedRequest refused) {
    return new ProblemException(refused.problem(),
        "request message " + received + " of " + method + ": " + refused.description())
        .because(refused.reason());
  }

  private void end(StatusRuntimeException failure) {
    ended = true;
    Metadata trailers = failure.getTrailers();
    call.closeFromGuard(failure.getStatus(), trailers == null ? new Metadata() : trailers);
    tellServiceCancelled();
  }

  private void tellServiceCancelled() {
    try {
      service.onCancel();
    } catch (RuntimeException e) {
      Statuses.toStatus(e); // logs it; the call is over
    }
  }
}
