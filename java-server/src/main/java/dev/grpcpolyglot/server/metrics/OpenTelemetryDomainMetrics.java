package dev.grpcpolyglot.server.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.function.LongSupplier;

/** {@link DomainMetrics} on an OpenTelemetry {@link Meter}: the exporter names the series. */
final class OpenTelemetryDomainMetrics implements DomainMetrics {
  private final Meter meter;

  OpenTelemetryDomainMetrics(Meter meter) {
    this.meter = meter;
  }

  @Override
  public Counter counter(String name, String unit, String description) {
    LongCounter counter = meter.counterBuilder(name).setUnit(unit)
        .setDescription(description).build();
    return counter::add;
  }

  @Override
  public Histogram histogram(String name, String unit, String description) {
    DoubleHistogram histogram = meter.histogramBuilder(name).setUnit(unit)
        .setDescription(description).build();
    return histogram::record;
  }

  @Override
  public void gauge(String name, String unit, String description, LongSupplier value) {
    meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description)
        .buildWithCallback(measurement -> measurement.record(value.getAsLong(), Attributes.empty()));
  }

  @Override
  public void observedCounter(String name, String unit, String description, LongSupplier total) {
    meter.counterBuilder(name).setUnit(unit).setDescription(description)
        .buildWithCallback(measurement -> measurement.record(total.getAsLong(), Attributes.empty()));
  }
}
