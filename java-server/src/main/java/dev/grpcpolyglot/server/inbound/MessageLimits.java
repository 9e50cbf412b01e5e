package dev.grpcpolyglot.server.inbound;

import java.util.HashMap;
import java.util.Map;

/**
 * The largest request message each method accepts, in bytes, counted after decompression: a
 * small default for every method and larger limits only where the contract needs them (a
 * million-edge ProcessGraph request, a whole file in one Write). The transport itself is set to
 * {@link #largest()}, the most any method accepts.
 *
 * @param defaultBytes the limit of every method not in {@code perMethod}
 * @param perMethod limits by full method name ("pkg.Service/Method")
 */
public record MessageLimits(int defaultBytes, Map<String, Integer> perMethod) {
  /** gRPC's own default limit. */
  public static final int DEFAULT_BYTES = 4 * 1024 * 1024;

  public MessageLimits {
    requirePositive("max inbound message size", defaultBytes);
    perMethod.forEach((method, bytes) -> requirePositive("max message size of " + method, bytes));
    perMethod = Map.copyOf(perMethod);
  }

  /** The limit of {@code fullMethodName}. */
  public int limitFor(String fullMethodName) {
    return perMethod.getOrDefault(fullMethodName, defaultBytes);
  }

  /** These limits plus {@code more} (which win where both name a method). */
  public MessageLimits withMethods(Map<String, Integer> more) {
    Map<String, Integer> merged = new HashMap<>(perMethod);
    merged.putAll(more);
    return new MessageLimits(defaultBytes, merged);
  }

  /** The most any method accepts: the transport's limit. */
  public int largest() {
    return perMethod.values().stream().reduce(defaultBytes, Math::max);
  }

  private static void requirePositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }
}
