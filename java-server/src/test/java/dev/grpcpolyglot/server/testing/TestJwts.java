package dev.grpcpolyglot.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** A JWT issuer for tests: an RSA key, its public key as PEM or JWKS, and RS256 tokens. */
public final class TestJwts {
  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "polyglot";

  private final KeyPair keys;
  private final String keyId;

  private TestJwts(KeyPair keys, String keyId) {
    this.keys = keys;
    this.keyId = keyId;
  }

  public static TestJwts newIssuer(String keyId) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return new TestJwts(generator.generateKeyPair(), keyId);
  }

  /** The public key as "BEGIN PUBLIC KEY" PEM, what {@code --jwt-public-key} reads. */
  public Path writePublicKeyPem(Path file) throws IOException {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(keys.getPublic().getEncoded());
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
    return file;
  }

  /** The public key as a one-key JWKS, what {@code --jwt-jwks} reads. */
  public Path writeJwks(Path file) throws IOException {
    RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(keyId).build();
    Files.writeString(file, new JWKSet(jwk).toString());
    return file;
  }

  /** A token valid for an hour from the standard issuer to the standard audience. */
  public String token(String subject, String scope) {
    return sign(claims(subject).claim("scope", scope).build());
  }

  /** Claims a test can adjust: iss, aud, sub, iat, exp (one hour). */
  public JWTClaimsSet.Builder claims(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE))
        .subject(subject)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }

  /** Signs {@code claims} with RS256 under this issuer's key id. */
  public String sign(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
      jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
