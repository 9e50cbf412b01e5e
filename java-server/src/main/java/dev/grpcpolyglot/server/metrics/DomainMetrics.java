package dev.grpcpolyglot.server.metrics;

import java.util.function.LongSupplier;

/**
 * What the services report about their own work (queue depth, bytes stored, graph sizes), free of
 * gRPC and OpenTelemetry types so domain code depends on nothing but this. {@link #NONE} when the
 * server runs without {@code --metrics-port}.
 */
public interface DomainMetrics {
  /** Records nothing: the server without metrics, and tests that do not look. */
  DomainMetrics NONE = new DomainMetrics() {
    @Override
    public Counter counter(String name, String unit, String description) {
      return amount -> { };
    }

    @Override
    public Histogram histogram(String name, String unit, String description) {
      return value -> { };
    }

    @Override
    public void gauge(String name, String unit, String description, LongSupplier value) {}

    @Override
    public void observedCounter(String name, String unit, String description,
        LongSupplier total) {}
  };

  /** A total the caller adds to. {@code name} is dotted ("polyglot.files.bytes_in"). */
  Counter counter(String name, String unit, String description);

  /** A distribution of recorded values (sizes, durations in the given unit). */
  Histogram histogram(String name, String unit, String description);

  /** A current level read at each scrape (queue depth); {@code value} must be cheap. */
  void gauge(String name, String unit, String description, LongSupplier value);

  /** A monotonic total that the domain already keeps, read at each scrape. */
  void observedCounter(String name, String unit, String description, LongSupplier total);

  /** Adds to a total. */
  interface Counter {
    void add(long amount);
  }

  /** Records one observation. */
  interface Histogram {
    void record(double value);
  }
}
