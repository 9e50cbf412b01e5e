package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JWT verification keys from PEM, with the JDK alone (no BouncyCastle at run time). */
class PemPublicKeysTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void readsPublicKeyBlocks(String algorithm) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    PublicKey parsed = PemPublicKeys.parse("# a comment line\n" + pem(pair.getPublic()));
    assertEquals(pair.getPublic(), parsed);
  }

  @Test
  void readsTheKeyOfACertificate() throws Exception {
    Path cert = TestPki.newCa("jwt-signer").writeCaCertificate(tmp.resolve("ca.pem"));
    PublicKey parsed = PemPublicKeys.parse(Files.readString(cert));
    try (InputStream in = Files.newInputStream(cert)) {
      PublicKey certified = CertificateFactory.getInstance("X.509").generateCertificate(in)
          .getPublicKey();
      assertEquals(certified, parsed); // the very key, not just one of the same algorithm
    }
  }

  @Test
  void refusesWhatIsNotAPublicKeyWithAMessage() {
    IOException none = assertThrows(IOException.class, () -> PemPublicKeys.parse("hello"));
    assertTrue(none.getMessage().contains("BEGIN PUBLIC KEY"), none.getMessage());
    IOException garbled = assertThrows(IOException.class, () -> PemPublicKeys.parse(
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    assertTrue(garbled.getMessage().contains("neither RSA nor EC")
        || garbled.getMessage().contains("malformed"), garbled.getMessage());
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
