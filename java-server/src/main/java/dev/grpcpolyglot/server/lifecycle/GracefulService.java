package dev.grpcpolyglot.server.lifecycle;

/**
 * A service holding long-lived calls (e.g. worker streams) that would otherwise keep the server
 * from finishing its graceful shutdown. The server's stop ({@code PolyglotServer.stop}) calls
 * {@link #beginShutdown()} after health turns NOT_SERVING and before the grace period starts.
 */
public interface GracefulService {
  /** Ends open long-lived calls (typically with UNAVAILABLE so clients reconnect elsewhere). */
  void beginShutdown();
}
