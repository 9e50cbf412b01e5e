package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The store names --contact-store accepts. */
class TaskStoresTest {
  @Test
  void unknownStoresAreRefusedByNameWithPasswordsMasked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskStores.open(
        ContactConfig.defaults().withStore("mysql://u:secret@db/q?password=secret",
            ContactConfig.DEFAULT_DATA_DIR)));
    assertTrue(e.getMessage().contains("--contact-store"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }
}
