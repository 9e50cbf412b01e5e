package dev.grpcpolyglot.server.routeguide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared RouteChat notes: previous notes returned, and both caps holding. */
class RouteNotesTest {
  private static final GeoPoint A = new GeoPoint(0, 1);
  private static final GeoPoint B = new GeoPoint(0, 2);

  @Test
  void eachPostReturnsTheNotesLeftThereBefore() {
    RouteNotes notes = new RouteNotes(10, 100);
    assertEquals(List.of(), notes.post(new ChatNote(A, "first")));
    assertEquals(List.of(), notes.post(new ChatNote(B, "second")));
    assertEquals(List.of(new ChatNote(A, "first")), notes.post(new ChatNote(A, "third")));
    assertEquals(3, notes.size());
  }

  @Test
  void aLocationKeepsOnlyItsNewestNotes() {
    RouteNotes notes = new RouteNotes(2, 100);
    for (int i = 0; i < 5; i++) {
      notes.post(new ChatNote(A, "note " + i));
    }
    assertEquals(List.of(new ChatNote(A, "note 3"), new ChatNote(A, "note 4")),
        notes.post(new ChatNote(A, "note 5")));
    assertEquals(2, notes.size());
  }

  @Test
  void overTheOverallCapTheLeastRecentlyWrittenLocationLosesItsOldest() {
    RouteNotes notes = new RouteNotes(10, 3);
    notes.post(new ChatNote(A, "a1"));
    notes.post(new ChatNote(A, "a2"));
    notes.post(new ChatNote(B, "b1"));
    notes.post(new ChatNote(B, "b2"));   // 4 > 3: A (written longest ago) drops a1
    assertEquals(3, notes.size());
    assertEquals(List.of(new ChatNote(A, "a2")), notes.post(new ChatNote(A, "a3")));
    // 4 > 3 again: now B was written longest ago and drops b1.
    assertEquals(List.of(new ChatNote(B, "b2")), notes.post(new ChatNote(B, "b3")));
  }

  @Test
  void manyLocationsStayWithinTheOverallCap() {
    RouteNotes notes = new RouteNotes(5, 1000);
    for (int i = 0; i < 10_000; i++) {
      notes.post(new ChatNote(new GeoPoint(i, i), "x"));
    }
    assertEquals(1000, notes.size());
    assertEquals(1000, notes.locations());
  }

  @Test
  void capsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new RouteNotes(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new RouteNotes(10, 0));
  }
}
