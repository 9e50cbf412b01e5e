package dev.grpcpolyglot.server.lifecycle;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Where each call runs: calls of a {@link NonBlockingService} on the transport thread that
 * delivers them, every other call (file transfer, GCN, the interop service, health, reflection)
 * on a pool of threads that may block.
 *
 * <p>Why the transport thread is the server's default executor and the pool the exception: with
 * the pool as default, grpc-java looks up every call's method on the pool before a
 * {@link ServerCallExecutorSupplier} can send it back to the transport thread, so even a
 * non-blocking call paid a thread hand-off and a wake-up per call (2 µs of CPU per Hello and a
 * context switch, measured in docs/performance.md). Now the lookup runs on the transport thread
 * and only calls that may block hop to the pool.
 */
public final class CallExecutors implements AutoCloseable {
  private final ExecutorService blocking = Executors.newCachedThreadPool(new PoolThreads());

  private CallExecutors() {}

  /** Installs the executors on {@code builder}; close the result after the server terminated. */
  public static CallExecutors install(ServerBuilder<?> builder, List<BindableService> services) {
    CallExecutors executors = new CallExecutors();
    Set<String> nonBlocking = services.stream()
        .filter(service -> service instanceof NonBlockingService)
        .map(service -> service.bindService().getServiceDescriptor().getName())
        .collect(Collectors.toUnmodifiableSet());
    builder.directExecutor();
    builder.callExecutor(new ServerCallExecutorSupplier() {
      @Override
      public <ReqT, RespT> ExecutorService getExecutor(ServerCall<ReqT, RespT> call,
          Metadata headers) {
        return nonBlocking.contains(call.getMethodDescriptor().getServiceName())
            ? null
            : executors.blocking;
      }
    });
    return executors;
  }

  /** Stops the pool's idle threads; calls have ended by now. */
  @Override
  public void close() {
    blocking.shutdown();
  }

  /** Daemon threads, as grpc-java's default executor's: they must not keep the JVM alive. */
  private static final class PoolThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "polyglot-call-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
