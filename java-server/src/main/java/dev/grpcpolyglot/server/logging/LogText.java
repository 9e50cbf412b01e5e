package dev.grpcpolyglot.server.logging;

/**
 * Makes a caller-supplied value safe for one field of a one-line, space-separated log record.
 *
 * <p>Why: a method name comes straight from the HTTP/2 {@code :path} header, before any
 * authentication, and may hold any byte. A raw newline would start a forged line, CR or ESC
 * would rewrite what a terminal shows, and a space would forge a field. So every byte outside
 * printable ASCII, the space and the backslash (so escapes stay unambiguous) becomes
 * {@code \xNN}; characters above U+00FF become {@code \\u{NNNN}}; and a field is cut at
 * {@link #MAX_FIELD} characters, marked with a trailing {@code ...}.
 */
public final class LogText {
  /** Longest field kept; a method name of the contract is under 60 characters. */
  public static final int MAX_FIELD = 200;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogText() {}

  /** Appends {@code value} escaped and capped; "-" for null or empty. */
  public static void appendField(StringBuilder out, String value) {
    if (value == null || value.isEmpty()) {
      out.append('-');
      return;
    }
    int end = Math.min(value.length(), MAX_FIELD);
    int clean = cleanPrefix(value, end);
    if (clean == value.length()) {
      // The usual field (a method name, an address, a trace id): copied in one piece.
      out.append(value);
      return;
    }
    out.append(value, 0, clean);
    for (int i = clean; i < end; i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c <= 0xff) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append("\\u{").append(Integer.toHexString(c)).append('}');
      }
    }
    if (value.length() > MAX_FIELD) {
      out.append("...");
    }
  }

  /** How many leading characters of {@code value}, up to {@code end}, need no escape. */
  private static int cleanPrefix(String value, int end) {
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '\\') {
        return i;
      }
    }
    return end;
  }

  /** {@code value} escaped and capped, as {@link #appendField} writes it. */
  public static String field(String value) {
    StringBuilder out = new StringBuilder(value == null ? 1 : Math.min(value.length(), MAX_FIELD) + 8);
    appendField(out, value);
    return out.toString();
  }
}
