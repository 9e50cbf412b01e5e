package dev.grpcpolyglot.client;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A large file's worth of reproducible pseudo-random bytes, generated on the fly and hashed as
 * they pass, so a test can stream hundreds of MiB without holding them.
 */
final class PatternStream extends InputStream {
  private final long size;
  private final SplittableRandom random;
  private final MessageDigest digest;
  private final byte[] block = new byte[64 * 1024];
  private int blockPosition = block.length;
  private long produced;

  PatternStream(long size, long seed) throws Exception {
    this.size = size;
    this.random = new SplittableRandom(seed);
    this.digest = MessageDigest.getInstance("SHA-256");
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    if (produced == size) {
      return -1;
    }
    int count = (int) Math.min(length, size - produced);
    for (int copied = 0; copied < count; ) {
      if (blockPosition == block.length) {
        refill();
      }
      int step = Math.min(count - copied, block.length - blockPosition);
      System.arraycopy(block, blockPosition, target, offset + copied, step);
      blockPosition += step;
      copied += step;
    }
    digest.update(target, offset, count);
    produced += count;
    return count;
  }

  private void refill() {
    for (int i = 0; i < block.length; i += 8) {
      long value = random.nextLong();
      for (int b = 0; b < 8; b++) {
        block[i + b] = (byte) (value >>> (8 * b));
      }
    }
    blockPosition = 0;
  }

  /** The SHA-256 of everything read so far (call once, at the end). */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
