package dev.grpcpolyglot.server.inbound;

import io.grpc.Status;

/**
 * What {@link GuardedMarshaller} hands the call instead of a request it could not accept. It
 * never reaches a service: {@link GuardedListener} ends the call with its status instead.
 */
final class RefusedRequest {
  final Status.Code code;
  final String problem;

  RefusedRequest(Status.Code code, String problem) {
    this.code = code;
    this.problem = problem;
  }
}
