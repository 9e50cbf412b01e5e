package dev.grpcpolyglot.server.contact.store.memory;

import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The memory store's idempotency keys: each key's stored ids, kept for the retention window
 * (oldest pruned first, on every submit) and at most {@link #MAX_KEYS} of them (oldest dropped
 * first, so memory stays bounded whatever the rate). Checking the key and queueing happen under
 * one lock, so two submits of one key at once queue once.
 */
final class SubmitLedger {
  /** About 25 MB of keys at most (a UUID key, a fingerprint and a few ids each). */
  static final int MAX_KEYS = 100_000;

  private record Entry(String fingerprint, String ids, long storedAtNanos) {}

  private record Slot(String key, long position) {}

  private final long windowNanos;
  /** In insertion order, i.e. oldest first: pruning stops at the first live entry. */
  private final Map<Slot, Entry> entries = new LinkedHashMap<>();

  SubmitLedger(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * The ids stored under {@code key}, or those of {@code submit} run now and stored under it.
   *
   * @throws dev.grpcpolyglot.server.error.ProblemException FAILED_PRECONDITION when the key was
   *     used for a different request; whatever {@code submit} throws (nothing is stored then)
   */
  synchronized List<String> once(SubmitKey key, Supplier<List<String>> submit) {
    long now = System.nanoTime();
    prune(now);
    Slot slot = new Slot(key.key(), key.position());
    Entry stored = entries.get(slot);
    if (stored != null) {
      return key.repeatOf(stored.fingerprint(), stored.ids());
    }
    List<String> ids = submit.get();
    entries.put(slot, new Entry(key.fingerprint(), SubmitKey.joinIds(ids), now));
    if (entries.size() > MAX_KEYS) {
      entries.remove(entries.keySet().iterator().next());
    }
    return ids;
  }

  /** Keys held, for tests. */
  synchronized int size() {
    return entries.size();
  }

  private void prune(long now) {
    for (Iterator<Entry> oldest = entries.values().iterator(); oldest.hasNext(); ) {
      if (now - oldest.next().storedAtNanos() < windowNanos) {
        return;
      }
      oldest.remove();
    }
  }
}
