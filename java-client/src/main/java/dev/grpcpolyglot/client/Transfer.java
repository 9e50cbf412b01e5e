package dev.grpcpolyglot.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * What a download received.
 *
 * @param size bytes received
 * @param sha256 lower-case hex SHA-256 of those bytes ({@link Check#SHA256}), else empty
 * @param crc32c lower-case hex CRC32C of those bytes ({@link Check#CRC32C}), else empty
 */
public record Transfer(long size, String sha256, String crc32c) {
  /** How a download checks the bytes it receives. */
  public enum Check {
    /** A SHA-256 digest: a content fingerprint to compare with the server's or a known one. */
    SHA256,
    /**
     * A CRC32C checksum (hardware-accelerated, about a tenth of SHA-256's CPU): catches
     * corruption in transit, like cloud storage clients do, but is no content fingerprint.
     */
    CRC32C
  }

  /** Counts and checks bytes as they pass. */
  static final class Counter {
    private final MessageDigest digest;
    private final CRC32C crc;
    private long bytes;

    Counter(Check check) {
      this.crc = check == Check.CRC32C ? new CRC32C() : null;
      try {
        this.digest = check == Check.SHA256 ? MessageDigest.getInstance("SHA-256") : null;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform must provide SHA-256", e);
      }
    }

    void add(byte[] data, int offset, int length) {
      if (digest != null) {
        digest.update(data, offset, length);
      } else {
        crc.update(data, offset, length);
      }
      bytes += length;
    }

    long bytes() {
      return bytes;
    }

    Transfer result() {
      return digest != null
          ? new Transfer(bytes, HexFormat.of().formatHex(digest.digest()), "")
          : new Transfer(bytes, "", crc32cHex(crc.getValue()));
    }
  }

  /** The text form of a CRC32C value in {@link #crc32c}: 8 lower-case hex digits. */
  public static String crc32cHex(long value) {
    return String.format("%08x", value);
  }
}
