package dev.grpcpolyglot.server.logging;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Logs one line per call when it ends, to the logger {@code dev.grpcpolyglot.server.access}:
 *
 * <pre>
 * rpc=muxs.FileController/Write peer=127.0.0.1:53412 caller=alice status=OK duration_ms=2.4 in=1 out=1 trace=-
 * </pre>
 *
 * No payloads, no metadata, no credentials: only the method, the peer address, the caller's name
 * (set by the auth interceptor through {@link #recordCaller}; else {@code cert:<subject>} of a
 * mutual-TLS client certificate; else "-"), the status code, the duration and the number of
 * messages each way, and the trace id of a W3C {@code traceparent} header ("-" without one).
 * OK calls log at INFO, the rest at WARNING. Every field is escaped and capped by
 * {@link LogText}: whatever a caller sends, a call is exactly one line.
 *
 * <p>The call's thread only captures these facts; {@link AccessLogWriter} formats and writes
 * them on its own thread, and drops (and counts) lines rather than ever delaying a call.
 *
 * <p>Why a stream tracer rather than an interceptor: the tracer sees every stream's real final
 * status, including calls the transport ends before any interceptor or handler runs (a message
 * over the size limit is RESOURCE_EXHAUSTED here, where an interceptor only sees a cancel), and
 * calls to unknown methods (UNIMPLEMENTED).
 */
public final class AccessLog extends ServerStreamTracer.Factory implements AutoCloseable {
  public static final String LOGGER_NAME = "dev.grpcpolyglot.server.access";
  private static final Context.Key<CallTracer> CURRENT = Context.key("polyglot-access-log");
  /** The connection's peer and certificate subject, formatted once per connection. */
  private static final Attributes.Key<String> PEER = Attributes.Key.create("polyglot-log-peer");
  private static final Attributes.Key<String> CERTIFICATE =
      Attributes.Key.create("polyglot-log-certificate");

  private final AccessLogWriter writer;

  /** Starts the writer thread; {@link #close} writes what is queued and stops it. */
  public AccessLog(DomainMetrics metrics) {
    AccessLogSinks sinks = new AccessLogSinks();
    this.writer = new AccessLogWriter(AccessLogWriter.DEFAULT_CAPACITY, sinks::write);
    metrics.observedCounter("polyglot.access_log.dropped_lines", "{line}",
        "Access-log lines dropped because the log could not be written as fast as calls ended",
        writer::droppedLines);
  }

  /** Names the caller of the current call in its log line; a no-op when the log is off. */
  public static void recordCaller(String name) {
    CallTracer call = CURRENT.get();
    if (call != null) {
      call.caller = name;
    }
  }

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    return new CallTracer(writer, fullMethodName, TraceParent.traceId(headers));
  }

  /**
   * Formats each connection's peer address and client certificate subject once, when it is
   * ready, instead of once per call (a connection carries thousands of calls).
   */
  public ServerTransportFilter transportFilter() {
    return new ServerTransportFilter() {
      @Override
      public Attributes transportReady(Attributes attributes) {
        return attributes.toBuilder()
            .set(PEER, peerOf(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)))
            .set(CERTIFICATE, certificateSubject(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION)))
            .build();
      }
    };
  }

  /** Writes every line queued so far, then stops the writer; after the server has stopped. */
  @Override
  public void close() throws InterruptedException {
    writer.close();
  }

  /** What one call did; its callbacks come from transport and application threads. */
  private static final class CallTracer extends ServerStreamTracer {
    private final AccessLogWriter writer;
    private final String method;
    private final long startNanos = System.nanoTime();
    private final AtomicLong in = new AtomicLong();
    private final AtomicLong out = new AtomicLong();
    private final AtomicBoolean logged = new AtomicBoolean();
    private volatile String peer = "-";
    private volatile String caller = "-";
    private final String traceId;

    CallTracer(AccessLogWriter writer, String method, String traceId) {
      this.writer = writer;
      this.method = method;
      this.traceId = traceId;
    }

    @Override
    public Context filterContext(Context context) {
      // The call's context carries this tracer, so the auth interceptor can name the caller.
      return context.withValue(CURRENT, this);
    }

    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
      Attributes attributes = callInfo.getAttributes();
      String formatted = attributes.get(PEER);
      peer = formatted != null
          ? formatted
          : peerOf(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      if (caller.equals("-")) {
        String subject = attributes.get(CERTIFICATE);
        caller = subject != null
            ? subject
            : certificateSubject(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
      }
    }

    @Override
    public void inboundMessage(int seqNo) {
      in.incrementAndGet();
    }

    @Override
    public void outboundMessage(int seqNo) {
      out.incrementAndGet();
    }

    @Override
    public void streamClosed(Status status) {
      if (!logged.compareAndSet(false, true)) {
        return;
      }
      writer.submit(new AccessLine(System.currentTimeMillis(), method, peer, caller,
          status.getCode(), System.nanoTime() - startNanos, in.get(), out.get(), traceId));
    }
  }

  /** "cert:CN=..." for a client that presented a certificate (mutual TLS), else "-". */
  private static String certificateSubject(SSLSession session) {
    if (session == null) {
      return "-";
    }
    try {
      // The subject is chosen by the CA, not the client, and holds no secret; spaces are
      // removed for readability (LogText would escape them anyway).
      return "cert:" + session.getPeerPrincipal().getName().replace(" ", "");
    } catch (SSLPeerUnverifiedException e) {
      return "-";
    }
  }

  private static String peerOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host = inet.getAddress() == null
          ? inet.getHostString()
          : inet.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return address == null ? "-" : address.toString();
  }
}
