package dev.grpcpolyglot.server.transport;

import dev.grpcpolyglot.server.lifecycle.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Command-line flags for connection limits (a picocli mixin); defaults in {@link LimitsConfig}. */
public final class LimitsOptions {
  @Option(names = "--max-concurrent-calls-per-connection", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_MAX_CONCURRENT_CALLS_PER_CONNECTION:-1000}",
      description = "Calls one connection may have open at once "
          + "(env POLYGLOT_MAX_CONCURRENT_CALLS_PER_CONNECTION).")
  int maxConcurrentCallsPerConnection;

  @Option(names = "--max-metadata-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_MAX_METADATA_SIZE:-8192}",
      description = "Largest request header block (env POLYGLOT_MAX_METADATA_SIZE).")
  int maxInboundMetadataBytes;

  @Option(names = "--keepalive-time", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_KEEPALIVE_TIME:-2h}",
      description = "Ping a connection silent for this long (env POLYGLOT_KEEPALIVE_TIME).")
  Duration keepAliveTime;

  @Option(names = "--keepalive-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_KEEPALIVE_TIMEOUT:-20s}",
      description = "Close it if the ping is not acked within this (env POLYGLOT_KEEPALIVE_TIMEOUT).")
  Duration keepAliveTimeout;

  @Option(names = "--permit-keepalive-time", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_PERMIT_KEEPALIVE_TIME:-1m}",
      description = "Most frequent client ping allowed; more often gets GOAWAY ENHANCE_YOUR_CALM "
          + "(env POLYGLOT_PERMIT_KEEPALIVE_TIME).")
  Duration permitKeepAliveTime;

  @Option(names = "--permit-keepalive-without-calls", arity = "0..1", fallbackValue = "true",
      paramLabel = "BOOL",
      defaultValue = "${env:POLYGLOT_PERMIT_KEEPALIVE_WITHOUT_CALLS:-false}",
      description = "Allow client pings on connections with no open call. Default: false "
          + "(env POLYGLOT_PERMIT_KEEPALIVE_WITHOUT_CALLS).")
  boolean permitKeepAliveWithoutCalls;

  @Option(names = "--max-connection-idle", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_MAX_CONNECTION_IDLE:-1h}",
      description = "Close connections without calls for this long; 0 = never "
          + "(env POLYGLOT_MAX_CONNECTION_IDLE).")
  Duration maxConnectionIdle;

  @Option(names = "--max-connection-age", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_MAX_CONNECTION_AGE:-0}",
      description = "GOAWAY connections older than this so balancers can rebalance; 0 = never "
          + "(env POLYGLOT_MAX_CONNECTION_AGE).")
  Duration maxConnectionAge;

  @Option(names = "--max-connection-age-grace", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_MAX_CONNECTION_AGE_GRACE:-30s}",
      description = "Time calls on an aged-out connection may still run "
          + "(env POLYGLOT_MAX_CONNECTION_AGE_GRACE).")
  Duration maxConnectionAgeGrace;

  @Option(names = "--handshake-timeout", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_HANDSHAKE_TIMEOUT:-10s}",
      description = "Time a new connection has to finish its handshake "
          + "(env POLYGLOT_HANDSHAKE_TIMEOUT).")
  Duration handshakeTimeout;

  @Option(names = "--max-rst-frames-per-10s", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_MAX_RST_FRAMES_PER_10S:-1000}",
      description = "Stream resets a client may send per 10 s before it is cut (HTTP/2 rapid "
          + "reset); 0 = no limit (env POLYGLOT_MAX_RST_FRAMES_PER_10S).")
  int maxRstFramesPer10s;

  public LimitsConfig toConfig() {
    return new LimitsConfig(maxConcurrentCallsPerConnection, maxInboundMetadataBytes,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, handshakeTimeout,
        maxRstFramesPer10s);
  }
}
