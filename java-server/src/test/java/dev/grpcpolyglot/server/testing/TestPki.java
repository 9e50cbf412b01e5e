package dev.grpcpolyglot.server.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests: EC P-256 keys, PEM files like
 * {@code scripts/make-dev-certs} writes (certificates, PKCS#8 "BEGIN PRIVATE KEY" keys), so the
 * tests exercise exactly the files the server reads in production. Made in-process with
 * BouncyCastle, so CI needs no openssl.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestPki(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA. */
  public static TestPki newCa(String name) throws GeneralSecurityException {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(1));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return new TestPki(name, keys, sign(builder, keys));
  }

  /** Writes this CA's certificate to {@code file} (PEM). */
  public Path writeCaCertificate(Path file) throws IOException {
    Files.writeString(file, pem(certificate));
    return file;
  }

  /** Issues a server certificate for localhost, 127.0.0.1 and ::1; writes cert and key PEMs. */
  public void issueServer(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
    GeneralNames names = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress())});
    issue("CN=localhost", names, KeyPurposeId.id_kp_serverAuth, certFile, keyFile);
  }

  /** Issues a client certificate with common name {@code commonName}; writes cert and key PEMs. */
  public void issueClient(String commonName, Path certFile, Path keyFile)
      throws GeneralSecurityException, IOException {
    issue("CN=" + commonName, null, KeyPurposeId.id_kp_clientAuth, certFile, keyFile);
  }

  private void issue(String subject, GeneralNames names, KeyPurposeId purpose, Path certFile,
      Path keyFile) throws GeneralSecurityException, IOException {
    KeyPair leafKeys = newKeyPair();
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name(subject), leafKeys, Duration.ofDays(1));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (names != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, names);
    }
    X509Certificate leaf = sign(builder, keys);
    Files.writeString(certFile, pem(leaf));
    StringWriter key = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(key)) {
      writer.writeObject(new JcaPKCS8Generator(leafKeys.getPrivate(), null));
    }
    Files.writeString(keyFile, key.toString());
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
      Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      ContentSigner contentSigner =
          new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws IOException {
    Writer out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
