package dev.grpcpolyglot.server.security;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Who may connect and call what: TLS identity and client CA, bearer tokens and JWT verification,
 * reflection access, and the access log. Immutable; built by {@link SecurityOptions} or by tests.
 * A null path means the feature is off.
 *
 * @param tlsCert server certificate chain (PEM); with {@code tlsKey}, turns TLS on
 * @param tlsKey server private key (PEM, PKCS#8 unencrypted)
 * @param tlsClientCa CA bundle (PEM) that client certificates must chain to; turns mutual TLS on
 * @param reloadInterval how often certificate, token and key files are checked for changes
 * @param authTokens static bearer-token file (see docs/security.md); turns auth on
 * @param jwtPublicKey PEM public key that signs accepted JWTs; turns auth on
 * @param jwtJwks JWKS file (JSON) of keys that sign accepted JWTs; turns auth on
 * @param jwtIssuer required {@code iss} of every JWT
 * @param jwtAudience required member of every JWT's {@code aud}
 * @param jwtClockSkew tolerance on {@code exp} / {@code nbf}, for clocks that drift
 * @param reflectionOpen whether reflection is callable without credentials when auth is on
 * @param accessLog whether one line per call is logged
 */
public record SecurityConfig(
    Path tlsCert,
    Path tlsKey,
    Path tlsClientCa,
    Duration reloadInterval,
    Path authTokens,
    Path jwtPublicKey,
    Path jwtJwks,
    String jwtIssuer,
    String jwtAudience,
    Duration jwtClockSkew,
    boolean reflectionOpen,
    boolean accessLog) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  public SecurityConfig {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new IllegalArgumentException("--tls-client-ca (mutual TLS) needs --tls-cert and --tls-key");
    }
    if (jwtPublicKey != null && jwtJwks != null) {
      throw new IllegalArgumentException("give --jwt-public-key or --jwt-jwks, not both");
    }
    if (jwtEnabledBy(jwtPublicKey, jwtJwks) && (isBlank(jwtIssuer) || isBlank(jwtAudience))) {
      throw new IllegalArgumentException(
          "JWT verification needs --jwt-issuer and --jwt-audience: a token minted for another "
              + "service or by another issuer must not be accepted here");
    }
    if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
      throw new IllegalArgumentException("reload interval must be positive, got " + reloadInterval);
    }
    if (jwtClockSkew == null || jwtClockSkew.isNegative()) {
      throw new IllegalArgumentException("JWT clock skew must not be negative, got " + jwtClockSkew);
    }
  }

  /** Plaintext, no authentication, access log off: what in-process tests want. */
  public static SecurityConfig none() {
    return new SecurityConfig(null, null, null, DEFAULT_RELOAD_INTERVAL, null, null, null, null,
        null, DEFAULT_CLOCK_SKEW, false, false);
  }

  public boolean tlsEnabled() {
    return tlsCert != null;
  }

  public boolean mutualTls() {
    return tlsClientCa != null;
  }

  public boolean jwtEnabled() {
    return jwtEnabledBy(jwtPublicKey, jwtJwks);
  }

  /** True when any credential source is configured: then every call but the open ones needs one. */
  public boolean authEnabled() {
    return authTokens != null || jwtEnabled();
  }

  /** "plaintext", "TLS" or "mutual TLS", for the startup log line. */
  public String transportSecurity() {
    return mutualTls() ? "mutual TLS" : tlsEnabled() ? "TLS" : "plaintext";
  }

  public SecurityConfig withTls(Path cert, Path key, Path clientCa) {
    return new SecurityConfig(cert, key, clientCa, reloadInterval, authTokens, jwtPublicKey,
        jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, reflectionOpen, accessLog);
  }

  public SecurityConfig withReloadInterval(Duration interval) {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, interval, authTokens, jwtPublicKey,
        jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, reflectionOpen, accessLog);
  }

  public SecurityConfig withAuthTokens(Path tokens) {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, reloadInterval, tokens, jwtPublicKey,
        jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, reflectionOpen, accessLog);
  }

  public SecurityConfig withJwt(Path publicKey, Path jwks, String issuer, String audience) {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, reloadInterval, authTokens, publicKey,
        jwks, issuer, audience, jwtClockSkew, reflectionOpen, accessLog);
  }

  public SecurityConfig withReflectionOpen(boolean open) {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, reloadInterval, authTokens, jwtPublicKey,
        jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, open, accessLog);
  }

  public SecurityConfig withAccessLog(boolean on) {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, reloadInterval, authTokens, jwtPublicKey,
        jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, reflectionOpen, on);
  }

  private static boolean jwtEnabledBy(Path publicKey, Path jwks) {
    return publicKey != null || jwks != null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
