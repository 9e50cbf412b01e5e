package dev.grpcpolyglot.server.interop;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * What the interop cases expect of the server around the messages: {@code custom_metadata}
 * sends {@code x-grpc-test-echo-initial} and {@code x-grpc-test-echo-trailing-bin} and expects
 * them back in the response headers and trailers; the compression cases need the request's
 * {@code grpc-encoding}, which the service reads through {@link RequestCompression}.
 */
final class EchoMetadataInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> ECHO_INITIAL =
      Metadata.Key.of("x-grpc-test-echo-initial", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> ECHO_TRAILING =
      Metadata.Key.of("x-grpc-test-echo-trailing-bin", Metadata.BINARY_BYTE_MARSHALLER);
  private static final Metadata.Key<String> MESSAGE_ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String initial = headers.get(ECHO_INITIAL);
    byte[] trailing = headers.get(ECHO_TRAILING);
    ServerCall<ReqT, RespT> echoing = new SimpleForwardingServerCall<>(call) {
      @Override
      public void sendHeaders(Metadata responseHeaders) {
        if (initial != null) {
          responseHeaders.put(ECHO_INITIAL, initial);
        }
        super.sendHeaders(responseHeaders);
      }

      @Override
      public void close(io.grpc.Status status, Metadata trailers) {
        if (trailing != null) {
          trailers.put(ECHO_TRAILING, trailing);
        }
        super.close(status, trailers);
      }
    };
    Context context = RequestCompression.attach(Context.current(), headers.get(MESSAGE_ENCODING));
    return Contexts.interceptCall(context, echoing, headers, next);
  }
}
