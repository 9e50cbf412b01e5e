package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static token file format and its errors (which must never quote a token). */
class TokenFileTest {
  @TempDir Path dir;

  @Test
  void parsesPlainAndHashedTokensWithScopes() throws IOException {
    String hashed = HexFormat.of().formatHex(TokenFile.sha256("second-secret"));
    TokenFile file = load("# comment\n\nalice first-secret greet files:read\n"
        + "bob\tsha256:" + hashed + "\n");
    assertEquals(new Caller("alice", Set.of("greet", "files:read")), file.find("first-secret"));
    assertEquals(new Caller("bob", Set.of()), file.find("second-secret"));
    assertNull(file.find("first-secre"));
    assertNull(file.find("sha256:" + hashed), "a digest is not itself a token");
  }

  @Test
  void rejectsMalformedLinesNamingTheLineButNotTheToken() {
    assertError("line 1: expected 'NAME TOKEN [SCOPE...]'", "lonely\n");
    assertError("name 'a' appears twice", "a t1-secret\na t2-secret\n");
    assertError("already given to another name", "a same-secret\nb same-secret\n");
    assertError("64 hex digits", "a sha256:abc\n");
    IOException e = assertThrows(IOException.class, () -> load("a same-secret\nb same-secret\n"));
    assertFalse(e.getMessage().contains("same-secret"));
  }

  private void assertError(String expected, String content) {
    IOException e = assertThrows(IOException.class, () -> load(content));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private TokenFile load(String content) throws IOException {
    return TokenFile.load(Files.writeString(dir.resolve("tokens.txt"), content));
  }
}
