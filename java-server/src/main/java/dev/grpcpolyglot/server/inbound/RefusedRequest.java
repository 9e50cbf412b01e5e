package dev.grpcpolyglot.server.inbound;

import dev.grpcpolyglot.server.error.Problem;

/**
 * What {@link GuardedMarshaller} hands the call instead of a request it could not accept. It
 * never reaches a service: {@link GuardedListener} ends the call with its status instead.
 *
 * @param problem INVALID_ARGUMENT (cannot be parsed) or RESOURCE_EXHAUSTED (over the limit)
 * @param reason the stable reason for ErrorInfo (docs/errors.md)
 * @param description what was wrong, for the status message
 */
record RefusedRequest(Problem problem, String reason, String description) {
  /** ErrorInfo reason of a request message that is not a valid protobuf encoding. */
  static final String MALFORMED = "MALFORMED_MESSAGE";
  /** ErrorInfo reason of a request message over its method's size limit. */
  static final String TOO_LARGE = "MESSAGE_TOO_LARGE";
}
