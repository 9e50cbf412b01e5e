package dev.grpcpolyglot.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a download received.
 *
 * @param size bytes received
 * @param sha256 lower-case hex SHA-256 of those bytes
 */
public record Transfer(long size, String sha256) {
  /** Counts and hashes bytes as they pass. */
  static final class Counter {
    private final MessageDigest digest;
    private long bytes;

    Counter() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform must provide SHA-256", e);
      }
    }

    void add(byte[] data, int offset, int length) {
      digest.update(data, offset, length);
      bytes += length;
    }

    long bytes() {
      return bytes;
    }

    Transfer result() {
      return new Transfer(bytes, HexFormat.of().formatHex(digest.digest()));
    }
  }
}
