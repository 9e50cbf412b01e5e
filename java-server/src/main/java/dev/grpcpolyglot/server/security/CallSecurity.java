package dev.grpcpolyglot.server.security;

import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.util.Optional;

/**
 * The call-level half of security (the transport half is {@link ServerTls}): builds the
 * authentication interceptor from the config and owns the watcher that reloads token and key
 * files. Close it when the server stops.
 */
public final class CallSecurity implements AutoCloseable {
  private final FileWatcher watcher;
  private final AuthInterceptor interceptor;

  private CallSecurity(FileWatcher watcher, AuthInterceptor interceptor) {
    this.watcher = watcher;
    this.interceptor = interceptor;
  }

  /**
   * Loads the configured token file and JWT keys; throws {@link IllegalArgumentException} naming
   * the bad file, so the server refuses to start rather than run with auth half-configured.
   */
  public static CallSecurity create(SecurityConfig config) {
    if (!config.authEnabled()) {
      return new CallSecurity(null, null);
    }
    FileWatcher watcher = new FileWatcher(config.reloadInterval());
    try {
      Authenticator authenticator = Authenticator.create(config, watcher);
      return new CallSecurity(watcher,
          new AuthInterceptor(authenticator, new MethodScopes(config.reflectionOpen())));
    } catch (IOException | RuntimeException e) {
      watcher.close();
      throw new IllegalArgumentException("cannot set up authentication: " + e.getMessage(), e);
    }
  }

  /** The interceptor to install, empty when auth is off. */
  public Optional<ServerInterceptor> interceptor() {
    return Optional.ofNullable(interceptor);
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
