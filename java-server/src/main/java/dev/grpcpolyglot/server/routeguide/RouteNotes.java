package dev.grpcpolyglot.server.routeguide;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notes every RouteChat caller shares, by location, with bounded memory: each location keeps
 * its newest {@code maxPerLocation} notes, and when the total passes {@code maxTotal} the location
 * written to longest ago loses its oldest note. Thread-safe; every critical section is O(notes
 * returned), never waits.
 */
public final class RouteNotes {
  /** Longest note message kept, in UTF-16 units; longer ones are refused (memory bound). */
  public static final int MAX_MESSAGE_CHARS = 4096;

  private final int maxPerLocation;
  private final int maxTotal;
  // Insertion order = order of the latest write per location (re-inserted on every post).
  private final LinkedHashMap<GeoPoint, ArrayDeque<ChatNote>> byLocation = new LinkedHashMap<>();
  private int total;

  public RouteNotes(int maxPerLocation, int maxTotal) {
    if (maxPerLocation <= 0 || maxTotal <= 0) {
      throw new IllegalArgumentException("note caps must be positive, got per location "
          + maxPerLocation + ", overall " + maxTotal);
    }
    this.maxPerLocation = maxPerLocation;
    this.maxTotal = maxTotal;
  }

  /**
   * Returns the notes left at {@code note}'s location before it (oldest first), then stores it:
   * the official servers' RouteChat semantics.
   */
  public synchronized List<ChatNote> post(ChatNote note) {
    ArrayDeque<ChatNote> here = byLocation.remove(note.location());
    if (here == null) {
      here = new ArrayDeque<>();
    }
    List<ChatNote> previous = List.copyOf(here);
    here.addLast(note);
    total++;
    if (here.size() > maxPerLocation) {
      here.removeFirst();
      total--;
    }
    byLocation.put(note.location(), here);
    evictOverTotal();
    return previous;
  }

  private void evictOverTotal() {
    Iterator<Map.Entry<GeoPoint, ArrayDeque<ChatNote>>> oldestFirst =
        byLocation.entrySet().iterator();
    while (total > maxTotal && oldestFirst.hasNext()) {
      ArrayDeque<ChatNote> notes = oldestFirst.next().getValue();
      notes.removeFirst();
      total--;
      if (notes.isEmpty()) {
        oldestFirst.remove();
      }
    }
  }

  /** How many notes are held, over all locations. */
  public synchronized int size() {
    return total;
  }

  /** How many locations hold notes. */
  public synchronized int locations() {
    return byLocation.size();
  }
}
