package dev.grpcpolyglot.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed static-token file. One entry per line, fields separated by spaces or tabs:
 *
 * <pre>
 * # NAME     TOKEN                                   SCOPES...
 * alice      3f9c1d0e6b2a47f8a1c9e5d2b7f04a6c        greet files:read files:write
 * ci         sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae  greet
 * </pre>
 *
 * NAME names the caller in logs. TOKEN is the bearer token itself, or {@code sha256:} and the hex
 * SHA-256 of it, so the file need not hold the secret. A line may grant no scope at all. Blank
 * lines and lines starting with {@code #} are ignored. Only SHA-256 digests are kept in memory,
 * and lookups compare every entry in constant time.
 */
final class TokenFile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:-]+");
  private static final String DIGEST_PREFIX = "sha256:";

  @SuppressWarnings("ArrayRecordComponent") // digest compared with MessageDigest.isEqual only
  private record Entry(byte[] digest, Caller caller) {}

  private final List<Entry> entries;

  private TokenFile(List<Entry> entries) {
    this.entries = entries;
  }

  /** Parses {@code file}; throws naming the line (never the token) when it is malformed. */
  static TokenFile load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] fields = line.split("\\s+");
      if (fields.length < 2) {
        throw new IOException(where + ": expected 'NAME TOKEN [SCOPE...]'");
      }
      String name = fields[0];
      if (!NAME.matcher(name).matches()) {
        throw new IOException(where + ": name may hold only letters, digits and . _ @ : -");
      }
      if (!names.add(name)) {
        throw new IOException(where + ": name '" + name + "' appears twice");
      }
      byte[] digest = digestOf(fields[1], where);
      if (!digests.add(HexFormat.of().formatHex(digest))) {
        throw new IOException(where + ": the token of '" + name + "' is already given to another name");
      }
      Set<String> scopes = Set.copyOf(Arrays.asList(fields).subList(2, fields.length));
      entries.add(new Entry(digest, new Caller(name, scopes)));
    }
    return new TokenFile(List.copyOf(entries));
  }

  /**
   * The caller a token belongs to, or null. Every entry is compared, with
   * {@link MessageDigest#isEqual} over fixed-length digests, so the time taken says nothing
   * about how much of a token matched or which entry did.
   */
  Caller find(String token) {
    byte[] digest = sha256(token);
    Caller found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry.caller();
      }
    }
    return found;
  }

  int size() {
    return entries.size();
  }

  private static byte[] digestOf(String field, String where) throws IOException {
    if (!field.startsWith(DIGEST_PREFIX)) {
      return sha256(field);
    }
    String hex = field.substring(DIGEST_PREFIX.length());
    try {
      byte[] digest = HexFormat.of().parseHex(hex);
      if (digest.length == 32) {
        return digest;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IOException(where + ": 'sha256:' must be followed by 64 hex digits");
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
