package dev.grpcpolyglot.server.security;

import dev.grpcpolyglot.server.lifecycle.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Command-line flags for TLS, authentication and the access log (a picocli mixin). */
public final class SecurityOptions {
  @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:POLYGLOT_TLS_CERT}",
      description = "Server certificate chain; with --tls-key turns TLS on (env POLYGLOT_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:POLYGLOT_TLS_KEY}",
      description = "Server private key, PKCS#8 PEM (env POLYGLOT_TLS_KEY).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM", defaultValue = "${env:POLYGLOT_TLS_CLIENT_CA}",
      description = "CA bundle client certificates must chain to: mutual TLS, a client "
          + "certificate is required (env POLYGLOT_TLS_CLIENT_CA).")
  Path tlsClientCa;

  @Option(names = "--reload-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_RELOAD_INTERVAL:-10s}",
      description = "How often certificate, token and JWT key files are checked for changes "
          + "(env POLYGLOT_RELOAD_INTERVAL).")
  Duration reloadInterval;

  @Option(names = "--auth-tokens", paramLabel = "FILE", defaultValue = "${env:POLYGLOT_AUTH_TOKENS}",
      description = "Static bearer tokens, one 'NAME TOKEN SCOPE...' per line; turns auth on "
          + "(env POLYGLOT_AUTH_TOKENS).")
  Path authTokens;

  @Option(names = "--jwt-public-key", paramLabel = "PEM", defaultValue = "${env:POLYGLOT_JWT_PUBLIC_KEY}",
      description = "Public key (RSA or EC, PEM) that signs accepted JWTs; turns auth on "
          + "(env POLYGLOT_JWT_PUBLIC_KEY).")
  Path jwtPublicKey;

  @Option(names = "--jwt-jwks", paramLabel = "FILE", defaultValue = "${env:POLYGLOT_JWT_JWKS}",
      description = "JWKS file of keys that sign accepted JWTs; turns auth on (env POLYGLOT_JWT_JWKS).")
  Path jwtJwks;

  @Option(names = "--jwt-issuer", paramLabel = "ISS", defaultValue = "${env:POLYGLOT_JWT_ISSUER}",
      description = "Required 'iss' claim of JWTs (env POLYGLOT_JWT_ISSUER).")
  String jwtIssuer;

  @Option(names = "--jwt-audience", paramLabel = "AUD", defaultValue = "${env:POLYGLOT_JWT_AUDIENCE}",
      description = "Required 'aud' claim of JWTs (env POLYGLOT_JWT_AUDIENCE).")
  String jwtAudience;

  @Option(names = "--jwt-clock-skew", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_JWT_CLOCK_SKEW:-30s}",
      description = "Tolerance on JWT exp/nbf (env POLYGLOT_JWT_CLOCK_SKEW).")
  Duration jwtClockSkew;

  @Option(names = "--reflection-open", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      defaultValue = "${env:POLYGLOT_REFLECTION_OPEN:-false}",
      description = "With auth on, let reflection be called without credentials; otherwise it "
          + "needs scope 'reflection'. Default: false (env POLYGLOT_REFLECTION_OPEN).")
  boolean reflectionOpen;

  @Option(names = "--access-log", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      defaultValue = "${env:POLYGLOT_ACCESS_LOG:-true}",
      description = "Log one line per call to stderr: method, peer, caller, status, duration, "
          + "message counts; never payloads or credentials. Default: true; --access-log=false "
          + "turns it off (env POLYGLOT_ACCESS_LOG).")
  boolean accessLog;

  public SecurityConfig toConfig() {
    return new SecurityConfig(tlsCert, tlsKey, tlsClientCa, reloadInterval, authTokens,
        jwtPublicKey, jwtJwks, jwtIssuer, jwtAudience, jwtClockSkew, reflectionOpen, accessLog);
  }
}
