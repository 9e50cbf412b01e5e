package dev.grpcpolyglot.server.transport;

import java.time.Duration;

/**
 * Connection limits that keep one misbehaving client from hurting the others. A zero duration
 * turns that limit off.
 *
 * @param maxConcurrentCallsPerConnection HTTP/2 streams one connection may have open at once;
 *     further calls wait on the client for a free slot
 * @param maxInboundMetadataBytes largest header block a client may send (a JWT fits in 8 KiB)
 * @param keepAliveTime how long a connection may be silent before the server pings it
 * @param keepAliveTimeout how long the server waits for that ping's ack before closing
 * @param permitKeepAliveTime most frequent client ping allowed; a client pinging more often is
 *     sent GOAWAY ENHANCE_YOUR_CALM ("too_many_pings") and cut
 * @param permitKeepAliveWithoutCalls whether clients may ping while they have no call open
 * @param maxConnectionIdle a connection without calls for this long is closed (0: never)
 * @param maxConnectionAge a connection older than this is sent GOAWAY, so clients reconnect and
 *     load balancers can rebalance (0: never)
 * @param maxConnectionAgeGrace how long calls on an aged-out connection may still run
 * @param handshakeTimeout how long a new connection may take to finish its TLS/HTTP/2 handshake
 * @param maxRstFramesPer10s RST_STREAM frames a client may send in 10 s before it gets GOAWAY
 *     ENHANCE_YOUR_CALM and is cut: the HTTP/2 "rapid reset" flood (CVE-2023-44487); 0 = no limit
 */
public record LimitsConfig(
    int maxConcurrentCallsPerConnection,
    int maxInboundMetadataBytes,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    boolean permitKeepAliveWithoutCalls,
    Duration maxConnectionIdle,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Duration handshakeTimeout,
    int maxRstFramesPer10s) {

  /** The window {@link #maxRstFramesPer10s} counts over. */
  public static final int RST_WINDOW_SECONDS = 10;

  public LimitsConfig {
    requirePositive("max concurrent calls per connection", maxConcurrentCallsPerConnection);
    requirePositive("max inbound metadata size", maxInboundMetadataBytes);
    requirePositive("keepalive time", keepAliveTime);
    requirePositive("keepalive timeout", keepAliveTimeout);
    requireNotNegative("permit keepalive time", permitKeepAliveTime);
    requireNotNegative("max connection idle", maxConnectionIdle);
    requireNotNegative("max connection age", maxConnectionAge);
    requireNotNegative("max connection age grace", maxConnectionAgeGrace);
    requirePositive("handshake timeout", handshakeTimeout);
    if (maxRstFramesPer10s < 0) {
      throw new IllegalArgumentException(
          "max RST_STREAM frames per 10 s must not be negative, got " + maxRstFramesPer10s);
    }
  }

  /** The defaults the flags have (see docs/server.md "Limits"). */
  public static LimitsConfig defaults() {
    return new LimitsConfig(1000, 8192, Duration.ofHours(2), Duration.ofSeconds(20),
        Duration.ofMinutes(1), false, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(30),
        Duration.ofSeconds(10), 1000);
  }



  public LimitsConfig withMaxConcurrentCallsPerConnection(int max) {
    return new LimitsConfig(max, maxInboundMetadataBytes,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, handshakeTimeout,
        maxRstFramesPer10s);
  }

  /** Idle and age limits together (each 0 for never), with the grace of an aged-out connection. */
  public LimitsConfig withConnectionLifetime(Duration idle, Duration age, Duration ageGrace) {
    return new LimitsConfig(maxConcurrentCallsPerConnection, maxInboundMetadataBytes,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        idle, age, ageGrace, handshakeTimeout, maxRstFramesPer10s);
  }

  public LimitsConfig withHandshakeTimeout(Duration timeout) {
    return new LimitsConfig(maxConcurrentCallsPerConnection, maxInboundMetadataBytes,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, timeout, maxRstFramesPer10s);
  }

  public LimitsConfig withMaxRstFramesPer10s(int max) {
    return new LimitsConfig(maxConcurrentCallsPerConnection, maxInboundMetadataBytes,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, handshakeTimeout, max);
  }

  private static void requirePositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  private static void requirePositive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  private static void requireNotNegative(String what, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + value);
    }
  }
}
