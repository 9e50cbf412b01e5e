package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routeguide tour against the real server on a loopback port, and the addressbook file CLI. */
class RouteGuideCliTest {
  private NettyHarness server;
  private String target;

  @BeforeEach
  void start() throws Exception {
    server = NettyHarness.start(ServerConfig.forTests());
    target = server.target();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void routeGuideTourPrintsTheFourCallsAsEveryLanguageDoes() {
    CliRun run = run("routeguide", "--target", target);
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run.out());
    assertEquals("routeguide.RouteGuide/GetFeature(409146138, -746188906) -> "
        + "\"Berkshire Valley Management Area Trail, Jefferson, NJ, USA\"", lines.get(0));
    assertEquals("routeguide.RouteGuide/GetFeature(0, 0) -> \"\"", lines.get(1));
    assertEquals("routeguide.RouteGuide/ListFeatures((400000000, -750000000), (420000000, "
        + "-730000000)) -> 64 features, first \"Patriots Path, Mendham, NJ 07945, USA\" at "
        + "(407838351, -746143763)", lines.get(2));
    // 14546 m + 18327 m + 8701701 m by the haversine formula, computed independently.
    assertTrue(lines.get(3).matches("routeguide\\.RouteGuide/RecordRoute\\(4 points\\) -> "
        + "4 points, 3 features, 8734574 metres, \\d+ s"), lines.get(3));
    // A fresh server: notes 4..6 get notes 1..3 back.
    assertEquals("routeguide.RouteGuide/RouteChat(6 notes) -> 3 notes back, "
        + "last \"Third message\" at (0, 3)", lines.get(4));
  }

  @Test
  void addressBookAddsListsAndRefusesADuplicateId(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("book.bin");
    assertEquals(0, run("addressbook", "add", "--name", "Ada Lovelace", "--email",
        "ada@example.com", "--phone", "555-0100:mobile", file.toString()).code());
    assertEquals(0,
        run("addressbook", "add", "--id", "7", "--name", "Bob", file.toString()).code());
    CliRun list = run("addressbook", "list", file.toString());
    assertEquals("Person ID: 1\n  Name: Ada Lovelace\n  E-mail address: ada@example.com\n"
        + "  Mobile phone #: 555-0100\nPerson ID: 7\n  Name: Bob\n", list.out());
    byte[] before = Files.readAllBytes(file);
    CliRun duplicate = run("addressbook", "add", "--id", "7", "--name", "Eve", file.toString());
    assertEquals(1, duplicate.code());
    assertTrue(duplicate.err().contains("person ID 7 is already in the address book (Bob)"),
        duplicate.err());
    assertEquals(List.of(file), Files.list(folder).toList(), "no temporary file left behind");
    assertTrue(Arrays.equals(before, Files.readAllBytes(file)), "file unchanged");
  }

  @Test
  void addressBookRefusesACorruptFileAndLeavesItAlone(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("book.bin");
    byte[] corrupt = {0x0a, 0x20, 0x0a, 0x03, 'A', 'd'}; // a person claiming 32 bytes, 4 there
    Files.write(file, corrupt);
    CliRun add = run("addressbook", "add", "--name", "Eve", file.toString());
    assertEquals(1, add.code());
    assertTrue(add.err().contains("is not a valid address book"), add.err());
    assertTrue(Arrays.equals(corrupt, Files.readAllBytes(file)), "file unchanged");
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
