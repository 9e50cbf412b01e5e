package dev.grpcpolyglot.server.interop;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.interop.testing.Messages.Payload;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallRequest;
import io.grpc.Status;

/**
 * What a TestService request may ask for ({@link InteropConfig}), and the payloads it gets: every
 * payload is a slice of one shared all-zero buffer, so answering allocates nothing per response.
 */
final class ResponseBounds {
  private final InteropConfig config;
  private final ByteString zeros;

  ResponseBounds(InteropConfig config) {
    this.config = config;
    this.zeros = ByteString.copyFrom(new byte[config.maxResponseBytes()]);
  }

  int maxResponses() {
    return config.maxResponses();
  }

  /** INVALID_ARGUMENT naming {@code field} when {@code size} is negative or over the limit. */
  Status checkSize(String field, int size) {
    if (size < 0) {
      return Status.INVALID_ARGUMENT.withDescription(field + " is " + size + "; it must not be"
          + " negative");
    }
    if (size > config.maxResponseBytes()) {
      return Status.INVALID_ARGUMENT.withDescription(field + " is " + size + " bytes, over the"
          + " server's limit of " + config.maxResponseBytes()
          + " (--test-service-max-response-size)");
    }
    return null;
  }

  /** INVALID_ARGUMENT for a streaming request that asks too many or too large responses. */
  Status check(StreamingOutputCallRequest request) {
    int count = request.getResponseParametersCount();
    if (count > config.maxResponses()) {
      return Status.INVALID_ARGUMENT.withDescription("the request asks for " + count
          + " responses, over the server's limit of " + config.maxResponses()
          + " per request (--test-service-max-responses)");
    }
    for (int i = 0; i < count; i++) {
      Status refused = checkSize("response_parameters[" + i + "].size",
          request.getResponseParameters(i).getSize());
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  /** A COMPRESSABLE payload of {@code size} zero bytes (checked already), as every case expects. */
  Payload payload(int size) {
    return Payload.newBuilder().setBody(zeros.substring(0, size)).build();
  }
}
