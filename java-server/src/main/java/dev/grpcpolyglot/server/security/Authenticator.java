package dev.grpcpolyglot.server.security;

import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Turns a bearer token into a {@link Caller}: first the static token file, then (for a token
 * shaped like a JWT) JWT verification. Both sources are re-read when their files change.
 */
final class Authenticator {
  private static final Logger logger = Logger.getLogger(Authenticator.class.getName());

  private volatile TokenFile tokens;
  private final JwtVerifier jwt;

  private Authenticator(TokenFile tokens, JwtVerifier jwt) {
    this.tokens = tokens;
    this.jwt = jwt;
  }

  /** Loads the configured sources (failing on a bad file) and keeps them current with {@code watcher}. */
  static Authenticator create(SecurityConfig config, FileWatcher watcher) throws IOException {
    TokenFile tokens = null;
    if (config.authTokens() != null) {
      tokens = TokenFile.load(config.authTokens());
      logger.info("loaded " + tokens.size() + " bearer token(s) from " + config.authTokens());
    }
    JwtVerifier jwt = config.jwtEnabled() ? new JwtVerifier(config) : null;
    Authenticator authenticator = new Authenticator(tokens, jwt);
    if (config.authTokens() != null) {
      watcher.watch("bearer tokens", List.of(config.authTokens()),
          () -> authenticator.tokens = TokenFile.load(config.authTokens()));
    }
    if (jwt != null) {
      watcher.watch("JWT verification keys", List.of(jwt.keyFile()), jwt::reload);
    }
    return authenticator;
  }

  Caller authenticate(String token) throws AuthenticationException {
    TokenFile table = tokens;
    if (table != null) {
      Caller caller = table.find(token);
      if (caller != null) {
        return caller;
      }
    }
    if (jwt != null && looksLikeJwt(token)) {
      return jwt.verify(token);
    }
    throw new AuthenticationException("unknown bearer token");
  }

  /** A JWS compact serialization: three base64url parts separated by dots. */
  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }
}
