package dev.grpcpolyglot.client.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts calls, and by the address of the server that answered (what round_robin chose). */
final class PeerCounts implements ClientInterceptor {
  private final AtomicLong calls = new AtomicLong();
  private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions options, Channel next) {
    calls.incrementAndGet();
    ClientCall<ReqT, RespT> call = next.newCall(method, options);
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            // The transport of the attempt that ended the call (after retries, the last one).
            SocketAddress peer = getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            if (peer != null) {
              byAddress.computeIfAbsent(peer.toString().replaceFirst("^[^/]*/", ""),
                  address -> new AtomicInteger()).incrementAndGet();
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }

  long calls() {
    return calls.get();
  }

  /** "addr=count" pairs sorted by address. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(byAddress).forEach((address, count) ->
        text.append(text.isEmpty() ? "" : " ").append(address).append('=').append(count.get()));
    return text.toString();
  }
}
