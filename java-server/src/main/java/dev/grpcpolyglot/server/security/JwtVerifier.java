package dev.grpcpolyglot.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWT bearer tokens with nimbus-jose-jwt: the signature (RSA or EC, against a PEM public
 * key or a JWKS file), {@code exp} (required) and {@code nbf} with a small clock skew, the issuer
 * and the audience. Scopes come from {@code scope} (space-separated, OAuth 2) or {@code scp}
 * (an array, or a string). Unsigned ({@code alg: none}) and HMAC tokens are refused: the server
 * only holds public keys.
 */
final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS = algorithms();

  private volatile DefaultJWTProcessor<SecurityContext> processor;
  private final SecurityConfig config;

  JwtVerifier(SecurityConfig config) throws IOException {
    this.config = config;
    this.processor = newProcessor(config);
  }

  /** Re-reads the key file (called by the file watcher when it changes). */
  void reload() throws IOException {
    processor = newProcessor(config);
  }

  /** The key file this verifier reads. */
  Path keyFile() {
    return config.jwtPublicKey() != null ? config.jwtPublicKey() : config.jwtJwks();
  }

  /** The caller a valid token names; throws saying which check failed. */
  Caller verify(String token) throws AuthenticationException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new AuthenticationException("invalid JWT: " + e.getMessage());
    }
    String subject = claims.getSubject() == null ? "jwt" : "jwt:" + claims.getSubject();
    return new Caller(subject, scopes(claims));
  }

  private static Set<String> scopes(JWTClaimsSet claims) throws AuthenticationException {
    Set<String> scopes = new LinkedHashSet<>();
    try {
      String scope = claims.getStringClaim("scope");
      if (scope != null) {
        scopes.addAll(List.of(scope.trim().split("\\s+")));
      }
      Object scp = claims.getClaim("scp");
      if (scp instanceof String text) {
        scopes.addAll(List.of(text.trim().split("\\s+")));
      } else if (scp != null) {
        scopes.addAll(claims.getStringListClaim("scp"));
      }
    } catch (ParseException e) {
      throw new AuthenticationException("invalid JWT: scope must be a string, scp a string array");
    }
    scopes.remove("");
    return scopes;
  }

  private static DefaultJWTProcessor<SecurityContext> newProcessor(SecurityConfig config)
      throws IOException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(config.jwtPublicKey() != null
        ? pemKeySelector(config.jwtPublicKey())
        : jwksKeySelector(config.jwtJwks()));
    // "JWT", RFC 9068 access tokens ("at+jwt"), and no typ at all.
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
        JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        config.jwtAudience(),
        new JWTClaimsSet.Builder().issuer(config.jwtIssuer()).build(),
        Set.of("exp"));
    claims.setMaxClockSkew(Math.toIntExact(config.jwtClockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /**
   * One PEM public key: it verifies any RSA/EC-signed token whatever its {@code kid}, since a bare
   * key has no id to match (nimbus's JWK matcher would otherwise reject every token with a kid).
   */
  private static JWSKeySelector<SecurityContext> pemKeySelector(Path file) throws IOException {
    PublicKey key = PemPublicKeys.parse(Files.readString(file, StandardCharsets.US_ASCII));
    Set<JWSAlgorithm> family =
        key.getAlgorithm().equals("RSA") ? JWSAlgorithm.Family.RSA : JWSAlgorithm.Family.EC;
    List<Key> keys = List.of(key);
    return (header, context) -> family.contains(header.getAlgorithm()) ? keys : List.of();
  }

  private static JWSKeySelector<SecurityContext> jwksKeySelector(Path file) throws IOException {
    try {
      JWKSet keys = JWKSet.load(file.toFile());
      if (keys.getKeys().isEmpty()) {
        throw new IOException("no key in JWKS file " + file);
      }
      return new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys));
    } catch (ParseException e) {
      throw new IOException("cannot parse JWKS file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Set<JWSAlgorithm> algorithms() {
    Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
    algorithms.addAll(JWSAlgorithm.Family.EC);
    return Set.copyOf(algorithms);
  }
}
