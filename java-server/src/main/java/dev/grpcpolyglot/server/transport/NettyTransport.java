package dev.grpcpolyglot.server.transport;

import dev.grpcpolyglot.server.security.FileWatcher;
import dev.grpcpolyglot.server.security.SecurityConfig;
import dev.grpcpolyglot.server.security.ServerTls;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server builder: address, transport credentials (with certificate reloading) and
 * connection limits. Closing it stops the certificate reloader; hand
 * it to {@code PolyglotServer} so that happens when the server stops.
 */
public final class NettyTransport implements AutoCloseable {
  private final NettyServerBuilder builder;
  private final FileWatcher watcher;

  private NettyTransport(NettyServerBuilder builder, FileWatcher watcher) {
    this.builder = builder;
    this.watcher = watcher;
  }

  /**
   * Builds the transport; throws {@link IllegalArgumentException} naming the file when a
   * certificate or key cannot be used, so the server fails at startup, not at the first handshake.
   * Of {@code security} only TLS is read (certificate, key, client CA, reload interval).
   */
  public static NettyTransport create(String host, int port, SecurityConfig security,
      LimitsConfig limits) {
    // Before any connection: a client's protocol error must never log a stack trace.
    TransportErrorLog.install();
    FileWatcher watcher = new FileWatcher(security.reloadInterval());
    try {
      ServerCredentials credentials = security.tlsEnabled()
          ? ServerTls.credentials(security, watcher)
          : InsecureServerCredentials.create();
      NettyServerBuilder builder = NettyServerBuilder.forAddress(
          new InetSocketAddress(host, port), credentials);
      applyLimits(builder, limits);
      return new NettyTransport(builder, watcher);
    } catch (IOException | GeneralSecurityException e) {
      watcher.close();
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      watcher.close();
      throw e;
    }
  }

  private static void applyLimits(NettyServerBuilder builder, LimitsConfig limits) {
    builder.maxConcurrentCallsPerConnection(limits.maxConcurrentCallsPerConnection())
        .maxInboundMetadataSize(limits.maxInboundMetadataBytes())
        .keepAliveTime(millis(limits.keepAliveTime()), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(millis(limits.keepAliveTimeout()), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(millis(limits.permitKeepAliveTime()), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(limits.permitKeepAliveWithoutCalls())
        .handshakeTimeout(millis(limits.handshakeTimeout()), TimeUnit.MILLISECONDS);
    // Zero means "off": Netty's own default for these is already "never".
    if (limits.maxRstFramesPer10s() > 0) {
      builder.maxRstFramesPerWindow(limits.maxRstFramesPer10s(), LimitsConfig.RST_WINDOW_SECONDS);
    }
    if (!limits.maxConnectionIdle().isZero()) {
      builder.maxConnectionIdle(millis(limits.maxConnectionIdle()), TimeUnit.MILLISECONDS);
    }
    if (!limits.maxConnectionAge().isZero()) {
      builder.maxConnectionAge(millis(limits.maxConnectionAge()), TimeUnit.MILLISECONDS)
          .maxConnectionAgeGrace(millis(limits.maxConnectionAgeGrace()), TimeUnit.MILLISECONDS);
    }
  }

  private static long millis(Duration duration) {
    return duration.toMillis();
  }

  public NettyServerBuilder builder() {
    return builder;
  }

  @Override
  public void close() {
    watcher.close();
  }
}
