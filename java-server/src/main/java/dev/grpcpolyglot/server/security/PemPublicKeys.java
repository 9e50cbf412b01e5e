package dev.grpcpolyglot.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public key that verifies JWTs from PEM: a {@code PUBLIC KEY} block (RSA or EC) or a
 * {@code CERTIFICATE}. Done with the JDK's own KeyFactory and CertificateFactory because nimbus's
 * PEM reader needs BouncyCastle at run time, an 8 MB dependency for one decoding step.
 */
final class PemPublicKeys {
  private static final Pattern PUBLIC_KEY = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private PemPublicKeys() {}

  static PublicKey parse(String pem) throws IOException {
    try {
      if (pem.contains("-----BEGIN CERTIFICATE-----")) {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
      }
      Matcher block = PUBLIC_KEY.matcher(pem);
      if (!block.find()) {
        throw new IOException("no '-----BEGIN PUBLIC KEY-----' or '-----BEGIN CERTIFICATE-----' block");
      }
      X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
      for (String algorithm : List.of("RSA", "EC")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (InvalidKeySpecException notThisAlgorithm) {
          // try the next family
        }
      }
      throw new IOException("the public key is neither RSA nor EC");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
  }
}
