package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathTest {
  @Test
  void splitsPlainRelativePaths() {
    FilePath path = FilePath.ofFile("a/b c/d.txt");
    assertEquals(List.of("a", "b c", "d.txt"), path.segments());
    assertEquals("d.txt", path.name());
    assertEquals(List.of("a", "b c"), path.parent().segments());
    assertTrue(FilePath.ofFile("top").parent().isRoot());
  }

  @Test
  void emptyFolderPathIsTheRootButAnEmptyFilenameIsRefused() {
    assertTrue(FilePath.ofFolder("").isRoot());
    assertRefused("", "empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/..", "a/../b", "/etc/passwd", "a\\b", "a\0b", ".",
      "./a", "a/./b", "a//b", "a/", ".polyglot-tmp-1", "d/.polyglot-tmp-x"})
  void refusesEverySpellingThatIsNotPlainNames(String path) {
    ProblemException e = assertThrows(ProblemException.class, () -> FilePath.ofFile(path));
    assertEquals(Problem.INVALID_ARGUMENT, e.problem());
  }

  @Test
  void countsTheLimitInUtf8Bytes() {
    // 17 segments of 240 bytes + 16 slashes = exactly 4096 bytes: allowed.
    String exact = String.join("/", java.util.Collections.nCopies(17, "x".repeat(240)));
    assertEquals(4096, exact.length());
    FilePath.ofFile(exact);
    assertRefused(exact + "y", "4097 bytes");
    // 2049 two-byte characters are 4098 bytes although only 2049 chars.
    assertRefused(("é".repeat(120) + "/").repeat(17) + "é", "bytes");
  }

  @Test
  void refusesSegmentsLongerThanTheKernelAllows() {
    assertRefused("x".repeat(256), "255");
    FilePath.ofFile("x".repeat(255));
  }

  @Test
  void quotesControlCharactersAndLongNamesInMessages() {
    assertEquals("'a\\u0000b'", FilePath.quote("a\0b"));
    assertTrue(FilePath.quote("x".repeat(500)).endsWith("...'"));
  }

  private static void assertRefused(String path, String messagePart) {
    ProblemException e = assertThrows(ProblemException.class, () -> FilePath.ofFile(path));
    assertEquals(Problem.INVALID_ARGUMENT, e.problem());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }
}
