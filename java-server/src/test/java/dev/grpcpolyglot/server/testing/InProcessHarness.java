package dev.grpcpolyglot.server.testing;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PolyglotServer} on the in-process transport plus a channel to it; closing it stops
 * both (the JUnit 5 counterpart of grpc-testing's GrpcCleanupRule). Tests call the server only
 * through real stubs on {@link #channel()}.
 */
public final class InProcessHarness implements AutoCloseable {
  private final PolyglotServer server;
  private final ManagedChannel channel;

  private InProcessHarness(PolyglotServer server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  /** Starts a server with {@code config}; messages run on the transport thread (directExecutor). */
  public static InProcessHarness start(ServerConfig config) throws IOException {
    String name = InProcessServerBuilder.generateName();
    PolyglotServer server =
        new PolyglotServer(InProcessServerBuilder.forName(name).directExecutor(), config).start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return new InProcessHarness(server, channel);
  }

  public static InProcessHarness start() throws IOException {
    return start(ServerConfig.forTests());
  }

  public ManagedChannel channel() {
    return channel;
  }

  public PolyglotServer server() {
    return server;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }
}
