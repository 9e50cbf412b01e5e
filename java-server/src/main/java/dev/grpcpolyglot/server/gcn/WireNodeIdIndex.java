package dev.grpcpolyglot.server.gcn;

import java.util.Arrays;

/**
 * {@link NodeIdIndex} over the UTF-8 bytes of a {@link WireGraph}: open addressing (linear
 * probing) in one {@code long[]}, each slot holding an id's 32-bit hash and its node index, so a
 * probe rejects most non-matching slots without touching the id bytes. No String, no boxing, no
 * per-entry object: resolving a million edge ids touches three arrays instead of a HashMap's
 * nodes and two million Strings, the hot spot of the old path.
 */
final class WireNodeIdIndex implements NodeIdIndex {
  private final WireGraph graph;
  /** 0 = empty; else {@code hash << 32 | (node + 1)}. */
  private final long[] slots;
  private final int mask;

  WireNodeIdIndex(WireGraph graph) {
    this.graph = graph;
    // A power of two at least twice the node count: probe sequences stay short.
    int capacity = Integer.highestOneBit(Math.max(16, graph.nodeCount) * 2 - 1) << 1;
    this.slots = new long[capacity];
    this.mask = capacity - 1;
  }

  @Override
  public int add(int node) {
    byte[] bytes = graph.idBytes;
    int from = graph.idStart[node];
    int to = graph.idStart[node + 1];
    int hash = hash(bytes, from, to);
    int slot = hash & mask;
    while (slots[slot] != 0) {
      int other = find(slots[slot], hash, bytes, from, to);
      if (other >= 0) {
        return other;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = ((long) hash << 32) | (node + 1);
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
    int to = from + (int) slice;
    byte[] bytes = graph.wire;
    int hash = hash(bytes, from, to);
    int slot = hash & mask;
    while (slots[slot] != 0) {
      int node = find(slots[slot], hash, bytes, from, to);
      if (node >= 0) {
        return node;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** The node in {@code entry} if its id equals {@code bytes[from..to)}, else -1. */
  private int find(long entry, int hash, byte[] bytes, int from, int to) {
    if ((int) (entry >>> 32) != hash) {
      return -1;
    }
    int node = (int) entry - 1;
    return Arrays.equals(graph.idBytes, graph.idStart[node], graph.idStart[node + 1],
        bytes, from, to) ? node : -1;
  }

  /** FNV-1a over the bytes, then a murmur3 finalizer so the low bits (the slot) mix well. */
  static int hash(byte[] bytes, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}
