package dev.grpcpolyglot.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A caller-supplied value becomes one field: no line breaks, no terminal control, no spaces. */
class LogTextTest {
  @Test
  void controlCharactersSpacesAndBackslashesAreEscaped() {
    assertEquals("a\\x0aFAKE\\x20rpc=evil\\x0d\\x1b[2J\\x00\\x5c\\x7f",
        LogText.field("a\nFAKE rpc=evil\r\u001b[2J\u0000\\\u007f"));
  }

  @Test
  void printableAsciiIsKeptAndWiderCharactersNamed() {
    assertEquals("go_protoc.HelloService/Hello", LogText.field("go_protoc.HelloService/Hello"));
    assertEquals("x\\x85\\xe9\\u{2028}\\u{202e}", LogText.field("x\u0085\u00e9\u2028\u202e"));
    assertEquals("-", LogText.field(""));
    assertEquals("-", LogText.field(null));
  }

  @Test
  void longValuesAreCapped() {
    String field = LogText.field("m".repeat(100_000));
    assertEquals(LogText.MAX_FIELD + 3, field.length());
    assertTrue(field.endsWith("m..."), field);
  }
}
