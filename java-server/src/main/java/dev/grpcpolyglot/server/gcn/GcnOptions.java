package dev.grpcpolyglot.server.gcn;

import picocli.CommandLine.Command;

/** Command-line flags of the GCN service (a picocli mixin of the server command). */
@Command // a mixin needs at least one picocli annotation until it has options
public final class GcnOptions {
  public GcnConfig toConfig() {
    return GcnConfig.defaults();
  }
}
