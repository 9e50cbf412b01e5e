package dev.grpcpolyglot.server.testing;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.ServerMain;
import dev.grpcpolyglot.server.metrics.ServerTelemetry;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PolyglotServer} on a real Netty port of 127.0.0.1, started exactly as the jar starts it
 * (TLS, limits, auth from the config), plus the channels a test opens to it; closing it shuts
 * every channel down and stops the server.
 */
public final class NettyHarness implements AutoCloseable {
  private final PolyglotServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  private NettyHarness(PolyglotServer server) {
    this.server = server;
  }

  /** Starts a server for {@code config} the way the jar does (ServerMain). */
  public static NettyHarness start(ServerConfig config) throws IOException {
    return start(config, ServerTelemetry.NONE);
  }

  /** As above, with metrics reported to {@code telemetry}, which is closed after the server. */
  public static NettyHarness start(ServerConfig config, ServerTelemetry telemetry)
      throws IOException {
    return new NettyHarness(ServerMain.start(quickToStop(config), telemetry));
  }

  /**
   * A server on a Netty {@code builder} the test set up itself (its own tracers or interceptors,
   * bound to 127.0.0.1); TLS and connection limits are then the builder's, not the config's.
   */
  public static NettyHarness start(ServerBuilder<?> builder, ServerConfig config)
      throws IOException {
    return new NettyHarness(new PolyglotServer(builder, quickToStop(config)).start());
  }

  /** Why: a test that leaves a call open should not wait out the default grace on close. */
  private static ServerConfig quickToStop(ServerConfig config) {
    return config.withShutdownGrace(Duration.ofSeconds(2));
  }

  /** "127.0.0.1:PORT": the certificates the tests make carry 127.0.0.1 as a SAN. */
  public String target() {
    return "127.0.0.1:" + server.port();
  }

  /** The server itself, e.g. to list the methods it registered. */
  public PolyglotServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  /** A channel to the server with {@code credentials}, closed with the harness. */
  public ManagedChannel channel(ChannelCredentials credentials) {
    ManagedChannel channel = Grpc.newChannelBuilder(target(), credentials).build();
    return register(channel);
  }

  /** Registers a channel the test built itself, so it is closed with the harness. */
  public ManagedChannel register(ManagedChannel channel) {
    channels.add(channel);
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
    server.stop();
  }
}
