package dev.grpcpolyglot.server.contact.queue;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The idempotency key of one stored submit: the caller's {@code idempotency-key}, the position of
 * the task in its submitTasks stream (0 for submitTask and submitTaskBatch, which are one submit
 * each), and a fingerprint of what was submitted, so a key reused for something else is refused
 * instead of answered with the wrong ids. No gRPC types: every store keeps these.
 *
 * @param key the caller's key, validated ({@link #MAX_LENGTH} printable ASCII characters at most)
 * @param position the task's index in its submitTasks stream; 0 for the unary submits
 * @param fingerprint SHA-256 (hex) of the method and the task texts
 */
public record SubmitKey(String key, long position, String fingerprint) {
  /** Longest key accepted: a UUID is 36; this leaves room for a producer's own scheme. */
  public static final int MAX_LENGTH = 128;

  /** How long a key is kept unless configured (--contact-idempotency-window). */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  /** The key of a submitTask call. */
  public static SubmitKey ofTask(String key, String text) {
    return new SubmitKey(key, 0, fingerprint("submitTask", List.of(text)));
  }

  /** The key of a submitTaskBatch call. */
  public static SubmitKey ofBatch(String key, List<String> texts) {
    return new SubmitKey(key, 0, fingerprint("submitTaskBatch", texts));
  }

  /** The key of the task at {@code position} of a submitTasks stream. */
  public static SubmitKey ofStreamTask(String key, long position, String text) {
    return new SubmitKey(key, position, fingerprint("submitTasks", List.of(text)));
  }

  /**
   * {@code raw} when it is a usable key: 1 to {@link #MAX_LENGTH} printable ASCII characters
   * without spaces; else INVALID_ARGUMENT naming the problem (the key is not echoed when it holds
   * characters a log or terminal would misread).
   */
  public static String validate(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
      throw badKey("the idempotency-key header must hold 1 to " + MAX_LENGTH
          + " characters, this one has " + raw.length());
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw badKey("the idempotency-key header must be printable ASCII without spaces;"
            + " character " + i + " is not");
      }
    }
    return raw;
  }

  private static ProblemException badKey(String message) {
    return ProblemException.invalidArgument(message + "; no task was queued")
        .because("INVALID_IDEMPOTENCY_KEY");
  }

  /**
   * What a repeat of this key answers, given what is stored under it: the stored ids when the
   * same request was stored, else FAILED_PRECONDITION naming the key.
   */
  public List<String> repeatOf(String storedFingerprint, String storedIds) {
    if (!storedFingerprint.equals(fingerprint)) {
      throw new ProblemException(Problem.FAILED_PRECONDITION, "idempotency-key '" + key + "'"
          + (position == 0 ? "" : " (task " + position + " of the stream)")
          + " was already used for a different request; use a new key for a new submit."
          + " Nothing was queued").because("IDEMPOTENCY_KEY_REUSED");
    }
    return storedIds.isEmpty() ? List.of() : List.of(storedIds.split(","));
  }

  /** The ids of a submit as stored beside its key. */
  public static String joinIds(List<String> ids) {
    return String.join(",", ids);
  }

  private static String fingerprint(String method, List<String> texts) {
    MessageDigest sha256 = sha256();
    sha256.update(method.getBytes(StandardCharsets.UTF_8));
    for (String text : texts) {
      // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      sha256.update(bytes);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** A fresh SHA-256 digest (fingerprints, and the PostgreSQL store's lock ids). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
