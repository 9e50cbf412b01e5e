package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.interop.testing.EmptyProtos.Empty;
import dev.grpcpolyglot.interop.testing.Messages.SimpleRequest;
import dev.grpcpolyglot.interop.testing.Messages.SimpleResponse;
import dev.grpcpolyglot.interop.testing.Messages.StreamingInputCallRequest;
import dev.grpcpolyglot.interop.testing.Messages.StreamingInputCallResponse;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallRequest;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallResponse;
import dev.grpcpolyglot.interop.testing.TestServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * {@code grpc.testing.TestService} as grpc's {@code doc/interop-test-descriptions.md} describes
 * the server, written here from the descriptions (not grpc-java's TestServiceImpl) so the
 * official interop clients of other languages exercise this server's transport, interceptors and
 * TLS. {@code UnimplementedCall} keeps the base class's UNIMPLEMENTED, as the cases expect.
 * Metadata echo lives in {@link EchoMetadataInterceptor}; register through {@link #definition}.
 *
 * <p>Bounded like every other service: a request may ask at most the {@link InteropConfig}'s
 * response size and count (INVALID_ARGUMENT beyond, naming the limit); streaming responses go
 * out only while the transport is ready ({@link PacedResponses}), and FullDuplexCall reads its
 * next request only once the previous one is answered, so a client that never reads holds the
 * server to about one response per call.
 */
public final class InteropTestService extends TestServiceGrpc.TestServiceImplBase {
  private final ResponseBounds bounds;

  InteropTestService(InteropConfig config) {
    this.bounds = new ResponseBounds(config);
  }

  /** The service with its interceptors, ready for {@code ServerBuilder.addService}. */
  public static io.grpc.ServerServiceDefinition definition(InteropConfig config) {
    return io.grpc.ServerInterceptors.intercept(new InteropTestService(config),
        new EchoMetadataInterceptor());
  }

  @Override
  public void emptyCall(Empty request, StreamObserver<Empty> responseObserver) {
    responseObserver.onNext(Empty.getDefaultInstance());
    responseObserver.onCompleted();
  }

  @Override
  public void unaryCall(SimpleRequest request, StreamObserver<SimpleResponse> responseObserver) {
    ServerCallStreamObserver<SimpleResponse> call =
        (ServerCallStreamObserver<SimpleResponse>) responseObserver;
    Status refused = RequestCompression.check(request.hasExpectCompressed()
        && request.getExpectCompressed().getValue());
    if (refused == null) {
      refused = bounds.checkSize("response_size", request.getResponseSize());
    }
    if (refused != null) {
      call.onError(refused.asRuntimeException());
      return;
    }
    if (request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
      call.onError(PacedResponses.toStatus(request.getResponseStatus()).asRuntimeException());
      return;
    }
    boolean compressed =
        request.hasResponseCompressed() && request.getResponseCompressed().getValue();
    call.setCompression(compressed ? "gzip" : "identity");
    SimpleResponse.Builder response = SimpleResponse.newBuilder();
    if (request.getResponseSize() > 0) {
      response.setPayload(bounds.payload(request.getResponseSize()));
    }
    call.onNext(response.build());
    call.onCompleted();
  }

  @Override
  public void streamingOutputCall(StreamingOutputCallRequest request,
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    PacedResponses responses = new PacedResponses(
        (ServerCallStreamObserver<StreamingOutputCallResponse>) responseObserver, bounds, false,
        () -> { });
    responses.add(request);
    responses.halfClose();
  }

  @Override
  public StreamObserver<StreamingInputCallRequest> streamingInputCall(
      StreamObserver<StreamingInputCallResponse> responseObserver) {
    // Captured now: the request observer's callbacks may run outside the call's Context.
    RequestCompression.Seen compression = RequestCompression.current();
    return new StreamObserver<>() {
      private int aggregatedSize;
      private boolean failed;

      @Override
      public void onNext(StreamingInputCallRequest request) {
        if (failed) {
          return;
        }
        Status refused = compression.check(request.hasExpectCompressed()
            && request.getExpectCompressed().getValue());
        if (refused != null) {
          failed = true;
          responseObserver.onError(refused.asRuntimeException());
          return;
        }
        aggregatedSize += request.getPayload().getBody().size();
      }

      @Override
      public void onError(Throwable t) {
        // The client cancelled (cancel_after_begin): nothing to answer.
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        responseObserver.onNext(StreamingInputCallResponse.newBuilder()
            .setAggregatedPayloadSize(aggregatedSize).build());
        responseObserver.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> fullDuplexCall(
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerCallStreamObserver<StreamingOutputCallResponse> call =
        (ServerCallStreamObserver<StreamingOutputCallResponse>) responseObserver;
    // One request at a time: the next is read only once this one's responses are all sent, so
    // a client that sends many requests and reads nothing makes the server hold only one.
    call.disableAutoRequest();
    PacedResponses responses = new PacedResponses(call, bounds, false, () -> call.request(1));
    call.request(1);
    return answering(responses);
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> halfDuplexCall(
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    // Answers only at the half-close, so it must hold every request until then: bounded by
    // --test-service-max-responses (PacedResponses.add), each kept without its payload.
    return answering(new PacedResponses(
        (ServerCallStreamObserver<StreamingOutputCallResponse>) responseObserver, bounds, true,
        () -> { }));
  }

  /** The request observer of a bidi call: each request's responses go to {@code responses}. */
  private static StreamObserver<StreamingOutputCallRequest> answering(PacedResponses responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamingOutputCallRequest request) {
        responses.add(request);
      }

      @Override
      public void onError(Throwable t) {
        responses.cancelled(); // the client cancelled or its deadline passed
      }

      @Override
      public void onCompleted() {
        responses.halfClose();
      }
    };
  }
}
