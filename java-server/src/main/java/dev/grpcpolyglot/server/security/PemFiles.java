package dev.grpcpolyglot.server.security;

import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Reads PEM certificates and keys, and refuses a key that does not match its certificate. */
final class PemFiles {
  private PemFiles() {}

  /** A certificate chain (leaf first) with the private key of its leaf. */
  @SuppressWarnings("ArrayRecordComponent") // handed to Netty's SslContextBuilder as an array
  record Identity(X509Certificate[] chain, PrivateKey key) {}

  /** Every certificate in a PEM file; fails when there is none. */
  static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    X509Certificate[] certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateUtils.getX509Certificates(in);
    }
    if (certificates.length == 0) {
      throw new GeneralSecurityException("no PEM certificate in " + file);
    }
    return certificates;
  }

  /** An unencrypted PKCS#8 PEM private key ("BEGIN PRIVATE KEY"), RSA or EC. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateUtils.getPrivateKey(in);
    } catch (IllegalArgumentException | IOException e) {
      throw new GeneralSecurityException("cannot read an unencrypted PKCS#8 PEM private key "
          + "(BEGIN PRIVATE KEY) from " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads a certificate chain and its key, and proves they belong together by signing a random
   * challenge: during a rotation the two files are replaced one after the other, and serving a
   * new certificate with the old key would fail every handshake.
   */
  static Identity identity(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    X509Certificate[] chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!belongTogether(key, chain[0].getPublicKey())) {
      throw new GeneralSecurityException(
          "the private key in " + keyFile + " does not match the certificate in " + certFile);
    }
    return new Identity(chain, key);
  }

  private static boolean belongTogether(PrivateKey key, PublicKey publicKey)
      throws GeneralSecurityException {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> throw new GeneralSecurityException(
          "unsupported key algorithm " + key.getAlgorithm() + " (use RSA or EC)");
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(challenge);
    return verifier.verify(signature);
  }
}
