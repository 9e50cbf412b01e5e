package dev.grpcpolyglot.server.interop;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.interop.testing.EmptyProtos.Empty;
import dev.grpcpolyglot.interop.testing.Messages.EchoStatus;
import dev.grpcpolyglot.interop.testing.Messages.Payload;
import dev.grpcpolyglot.interop.testing.Messages.ResponseParameters;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpc.testing.TestService} as grpc's {@code doc/interop-test-descriptions.md} describes
 * the server, written here from the descriptions (not grpc-java's TestServiceImpl) so the
 * official interop clients of other languages exercise this server's transport, interceptors and
 * TLS. {@code UnimplementedCall} keeps the base class's UNIMPLEMENTED, as the cases expect.
 * Metadata echo lives in {@link EchoMetadataInterceptor}; register through {@link #definition()}.
 */
public final class InteropTestService extends TestServiceGrpc.TestServiceImplBase {
  /** The service with its interceptors, ready for {@code ServerBuilder.addService}. */
  public static io.grpc.ServerServiceDefinition definition() {
    return io.grpc.ServerInterceptors.intercept(new InteropTestService(),
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
    if (refused != null) {
      call.onError(refused.asRuntimeException());
      return;
    }
    if (request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
      call.onError(toStatus(request.getResponseStatus()).asRuntimeException());
      return;
    }
    boolean compressed =
        request.hasResponseCompressed() && request.getResponseCompressed().getValue();
    call.setCompression(compressed ? "gzip" : "identity");
    SimpleResponse.Builder response = SimpleResponse.newBuilder();
    if (request.getResponseSize() > 0) {
      response.setPayload(payload(request.getResponseSize()));
    }
    call.onNext(response.build());
    call.onCompleted();
  }

  @Override
  public void streamingOutputCall(StreamingOutputCallRequest request,
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerCallStreamObserver<StreamingOutputCallResponse> call =
        (ServerCallStreamObserver<StreamingOutputCallResponse>) responseObserver;
    call.setCompression("gzip");
    if (!respond(request, call)) {
      return;
    }
    call.onCompleted();
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
    call.setCompression("gzip");
    return new StreamObserver<>() {
      private boolean failed;

      @Override
      public void onNext(StreamingOutputCallRequest request) {
        if (!failed && !respond(request, call)) {
          failed = true;
        }
      }

      @Override
      public void onError(Throwable t) {
        // The client cancelled or its deadline passed: the call is already over.
      }

      @Override
      public void onCompleted() {
        if (!failed) {
          call.onCompleted();
        }
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> halfDuplexCall(
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerCallStreamObserver<StreamingOutputCallResponse> call =
        (ServerCallStreamObserver<StreamingOutputCallResponse>) responseObserver;
    call.setCompression("gzip");
    List<StreamingOutputCallRequest> buffered = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamingOutputCallRequest request) {
        buffered.add(request);
      }

      @Override
      public void onError(Throwable t) {
        buffered.clear();
      }

      @Override
      public void onCompleted() {
        for (StreamingOutputCallRequest request : buffered) {
          if (!respond(request, call)) {
            return;
          }
        }
        call.onCompleted();
      }
    };
  }

  /**
   * Sends the responses one streaming request asks for (size, per-message compression, a pause
   * of {@code interval_us} before each), or fails the call with its {@code response_status}.
   * Returns false when the call was failed. The pause blocks this call's executor thread, which
   * is the point of {@code interval_us}: the client must see the responses spread out in time.
   */
  private static boolean respond(StreamingOutputCallRequest request,
      ServerCallStreamObserver<StreamingOutputCallResponse> call) {
    if (request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
      call.onError(toStatus(request.getResponseStatus()).asRuntimeException());
      return false;
    }
    for (ResponseParameters parameters : request.getResponseParametersList()) {
      if (parameters.getIntervalUs() > 0 && !pause(parameters.getIntervalUs())) {
        call.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        return false;
      }
      if (call.isCancelled()) {
        return false;
      }
      call.setMessageCompression(
          parameters.hasCompressed() && parameters.getCompressed().getValue());
      call.onNext(StreamingOutputCallResponse.newBuilder()
          .setPayload(payload(parameters.getSize())).build());
    }
    return true;
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

  /** A COMPRESSABLE payload of {@code size} zero bytes, as every case expects. */
  private static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static Status toStatus(EchoStatus echo) {
    return Status.fromCodeValue(echo.getCode()).withDescription(echo.getMessage());
  }
}
