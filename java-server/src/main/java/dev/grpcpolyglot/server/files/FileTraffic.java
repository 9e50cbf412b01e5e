package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.metrics.DomainMetrics;

/** File content bytes stored (Write, Upload) and served (Read, Download), for metrics. */
final class FileTraffic {
  final DomainMetrics.Counter bytesIn;
  final DomainMetrics.Counter bytesOut;

  FileTraffic(DomainMetrics metrics) {
    this.bytesIn = metrics.counter("polyglot.files.bytes_in", "By",
        "File content bytes stored by Write and Upload");
    this.bytesOut = metrics.counter("polyglot.files.bytes_out", "By",
        "File content bytes served by Read and Download");
  }
}
