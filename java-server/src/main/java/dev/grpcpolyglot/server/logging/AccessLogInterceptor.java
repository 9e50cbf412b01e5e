package dev.grpcpolyglot.server.logging;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Logs one line per call when it ends, to the logger {@code dev.grpcpolyglot.server.access}:
 *
 * <pre>rpc=muxs.FileController/Write peer=127.0.0.1:53412 caller=alice status=OK duration_ms=2.4 in=1 out=1</pre>
 *
 * No payloads, no metadata, no credentials: only the method, the peer address, the caller's name
 * (set by the auth interceptor; else {@code cert:<subject>} of a mutual-TLS client certificate;
 * else "-"), the status code, the duration and the number of messages each way. OK calls log at INFO, the rest at WARNING. Install it outermost
 * so calls refused by authentication are logged too.
 */
public final class AccessLogInterceptor implements ServerInterceptor {
  public static final String LOGGER_NAME = "dev.grpcpolyglot.server.access";
  private static final Logger logger = Logger.getLogger(LOGGER_NAME);
  private static final Context.Key<CallRecord> RECORD = Context.key("polyglot-access-record");

  /** Names the caller of the current call in its log line; a no-op when the log is off. */
  public static void recordCaller(String name) {
    CallRecord record = RECORD.get();
    if (record != null) {
      record.caller = name;
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    CallRecord record = new CallRecord(call.getMethodDescriptor().getFullMethodName(),
        peerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
    record.caller = certificateSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    ServerCall<ReqT, RespT> counting = new SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(RespT message) {
        record.out.incrementAndGet();
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        record.finish(status);
        super.close(status, trailers);
      }
    };
    Context context = Context.current().withValue(RECORD, record);
    ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context, counting, headers, next);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        record.in.incrementAndGet();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        // Cancelled by the client, a deadline, or the transport (e.g. a message over the size
        // limit): the context's cause carries that status when there is one.
        Throwable cause = context.cancellationCause();
        record.finish(cause == null ? Status.CANCELLED : Status.fromThrowable(cause));
        super.onCancel();
      }
    };
  }

  /** "cert:CN=..." for a client that presented a certificate (mutual TLS), else "-". */
  private static String certificateSubject(SSLSession session) {
    if (session == null) {
      return "-";
    }
    try {
      // The subject is chosen by the CA, not the client, and holds no secret; spaces are
      // removed so the line stays one space-separated record.
      return "cert:" + session.getPeerPrincipal().getName().replace(" ", "");
    } catch (SSLPeerUnverifiedException e) {
      return "-";
    }
  }

  private static String peerOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return address == null ? "-" : address.toString();
  }

  /** What one call did; written by transport and application threads, logged exactly once. */
  private static final class CallRecord {
    final String method;
    final String peer;
    final long startNanos = System.nanoTime();
    final AtomicLong in = new AtomicLong();
    final AtomicLong out = new AtomicLong();
    final AtomicBoolean logged = new AtomicBoolean();
    volatile String caller;

    CallRecord(String method, String peer) {
      this.method = method;
      this.peer = peer;
    }

    void finish(Status status) {
      if (!logged.compareAndSet(false, true)) {
        return;
      }
      double millis = (System.nanoTime() - startNanos) / 1e6;
      logger.log(status.isOk() ? Level.INFO : Level.WARNING, String.format(Locale.ROOT,
          "rpc=%s peer=%s caller=%s status=%s duration_ms=%.1f in=%d out=%d",
          method, peer, caller, status.getCode(), millis, in.get(), out.get()));
    }
  }
}
