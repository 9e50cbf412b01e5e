package dev.grpcpolyglot.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where calls run over real Netty: a non-blocking service's call never leaves the transport
 * thread (not even for grpc-java's method lookup), a service that may block runs on the pool.
 * Observed through a stream tracer (its serverCallStarted runs where grpc-java looks the method
 * up) and an interceptor (it runs where the call starts).
 */
class CallExecutorsTest {
  private final Map<String, String> lookedUpOn = new ConcurrentHashMap<>();
  private final Map<String, String> startedOn = new ConcurrentHashMap<>();
  private NettyHarness server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    builder.addStreamTracerFactory(new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String method, Metadata headers) {
        return new ServerStreamTracer() {
          @Override
          public void serverCallStarted(ServerCallInfo<?, ?> call) {
            lookedUpOn.put(call.getMethodDescriptor().getFullMethodName(),
                Thread.currentThread().getName());
          }
        };
      }
    });
    builder.intercept(new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        startedOn.put(call.getMethodDescriptor().getFullMethodName(),
            Thread.currentThread().getName());
        return next.startCall(call, headers);
      }
    });
    server = NettyHarness.start(builder, ServerConfig.forTests());
    channel = server.channel(InsecureChannelCredentials.create());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aNonBlockingCallStaysOnTheTransportThreadFromLookupToHandler() {
    HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("x").build());

    String method = HelloServiceGrpc.getHelloMethod().getFullMethodName();
    assertTrue(lookedUpOn.get(method).contains("-worker-ELG-"),
        "method looked up on " + lookedUpOn.get(method));
    assertTrue(startedOn.get(method).contains("-worker-ELG-"),
        "call started on " + startedOn.get(method));
  }

  @Test
  void aCallThatMayBlockRunsOnThePool() {
    HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());

    String method = HealthGrpc.getCheckMethod().getFullMethodName();
    assertTrue(startedOn.get(method).startsWith("polyglot-call-"),
        "call started on " + startedOn.get(method));
    assertEquals(2, lookedUpOn.size() + startedOn.size());
  }
}
