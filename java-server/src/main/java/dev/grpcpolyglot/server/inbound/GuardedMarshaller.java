package dev.grpcpolyglot.server.inbound;

import dev.grpcpolyglot.server.error.Problem;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A method's request marshaller that never throws: bytes it cannot accept become a
 * {@link RefusedRequest}, which {@link GuardedListener} turns into the call's status. It also
 * applies the method's own size limit, to the message as decompressed: an uncompressed message
 * announces its length (gRPC's streams are {@link KnownLength}) and is refused before parsing;
 * a compressed one is inflated through a {@link LimitedInputStream}, which stops the inflation
 * at the limit.
 */
final class GuardedMarshaller implements MethodDescriptor.Marshaller<Object> {
  private final MethodDescriptor.Marshaller<Object> parser;
  private final int limit;
  private final String typeName;

  GuardedMarshaller(MethodDescriptor.Marshaller<Object> parser, int limit, String typeName) {
    this.parser = parser;
    this.limit = limit;
    this.typeName = typeName;
  }

  @Override
  public InputStream stream(Object value) {
    return parser.stream(value);
  }

  @Override
  public Object parse(InputStream stream) {
    LimitedInputStream limited = null;
    try {
      InputStream source = stream;
      if (stream instanceof KnownLength) {
        if (stream.available() > limit) {
          return tooLarge();
        }
      } else {
        limited = new LimitedInputStream(stream, limit);
        source = limited;
      }
      return parser.parse(source);
    } catch (IOException | RuntimeException e) {
      // Parsers wrap what the stream threw (protobuf's marshaller in a StatusRuntimeException
      // INTERNAL); gRPC's decompressor enforces the transport-wide limit as RESOURCE_EXHAUSTED.
      boolean overLimit = (limited != null && limited.exceeded())
          || (e instanceof StatusRuntimeException sre
              && sre.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED);
      return overLimit ? tooLarge() : malformed(e);
    }
  }

  private RefusedRequest tooLarge() {
    return new RefusedRequest(Problem.RESOURCE_EXHAUSTED, RefusedRequest.TOO_LARGE,
        "larger than this method's limit of " + limit + " bytes (counted after decompression)");
  }

  private RefusedRequest malformed(Exception e) {
    return new RefusedRequest(Problem.INVALID_ARGUMENT, RefusedRequest.MALFORMED,
        "not a valid " + typeName + ": " + ProtobufProblems.describe(e));
  }
}
