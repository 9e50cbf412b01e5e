package dev.grpcpolyglot.server.gcn;

import java.util.Arrays;

/**
 * {@link NodeIdIndex} over the UTF-8 bytes of a {@link WireGraph}: open addressing (linear
 * probing) in one {@code long[]} with two longs per slot: the id's 32-bit hash with its node
 * index, and the id itself when it fits in 7 bytes (as most generated ids do). A lookup of a
 * short id then costs one cache miss, where a {@code HashMap<String, Integer>} costs several
 * (table, entry, key String, its bytes, the boxed value) and needs the edge ids as Strings:
 * resolving the million edges' ids was a third of the old handler time.
 */
final class WireNodeIdIndex implements NodeIdIndex {
  /** Ids longer than this are compared against the graph's id bytes instead of inline. */
  private static final int INLINE_BYTES = 7;
  /** The inline word of an id that does not fit (no short id packs to -1: its top byte <= 7). */
  private static final long NOT_INLINE = -1;

  private final WireGraph graph;
  /**
   * Slot s is {@code slots[2s]}: 0 = empty, else {@code hash << 32 | (node + 1)}; and
   * {@code slots[2s + 1]}: the id packed by {@link #pack}, or {@link #NOT_INLINE}.
   */
  private final long[] slots;
  private final int mask;

  WireNodeIdIndex(WireGraph graph) {
    this.graph = graph;
    // A power of two at least twice the node count: probe sequences stay short.
    int capacity = Integer.highestOneBit(Math.max(16, graph.nodeCount) * 2 - 1) << 1;
    this.slots = new long[2 * capacity];
    this.mask = capacity - 1;
  }

  @Override
  public int add(int node) {
    int from = graph.idStart[node];
    int to = graph.idStart[node + 1];
    int found = probe(graph.idBytes, from, to);
    if (found >= 0) {
      return found;
    }
    int slot = ~found;
    long packed = pack(graph.idBytes, from, to);
    slots[2 * slot] = ((long) hash(packed, graph.idBytes, from, to) << 32) | (node + 1);
    slots[2 * slot + 1] = packed;
    return -1;
  }

  @Override
  public int sourceOf(int edge) {
    return lookup(graph.edgeSlices[2 * edge]);
  }

  @Override
  public int targetOf(int edge) {
    return lookup(graph.edgeSlices[2 * edge + 1]);
  }

  private int lookup(long slice) {
    int from = (int) (slice >>> 32);
    int found = probe(graph.wire, from, from + (int) slice);
    return found >= 0 ? found : -1;
  }

  /** The node whose id is {@code bytes[from..to)}, else {@code ~slot} of the empty slot found. */
  private int probe(byte[] bytes, int from, int to) {
    long packed = pack(bytes, from, to);
    int hash = hash(packed, bytes, from, to);
    int slot = hash & mask;
    long entry;
    while ((entry = slots[2 * slot]) != 0) {
      if ((int) (entry >>> 32) == hash) {
        int node = (int) entry - 1;
        if (packed != NOT_INLINE ? slots[2 * slot + 1] == packed
            : Arrays.equals(graph.idBytes, graph.idStart[node], graph.idStart[node + 1],
                bytes, from, to)) {
          return node;
        }
      }
      slot = (slot + 1) & mask;
    }
    return ~slot;
  }

  /** Up to 7 bytes and their count in one word (distinct ids, distinct words); else -1. */
  private static long pack(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length > INLINE_BYTES) {
      return NOT_INLINE;
    }
    long word = (long) length << 56;
    for (int i = 0; i < length; i++) {
      word |= (bytes[from + i] & 0xFFL) << (8 * i);
    }
    return word;
  }

  /**
   * A short id's packed word through a 64-bit mixer (murmur3's finalizer), so the low bits (the
   * slot) depend on every byte; a longer id's bytes through FNV-1a first.
   */
  static int hash(long packed, byte[] bytes, int from, int to) {
    long h = packed;
    if (packed == NOT_INLINE) {
      h = 0xcbf29ce484222325L;
      for (int i = from; i < to; i++) {
        h = (h ^ bytes[i]) * 0x100000001b3L;
      }
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
