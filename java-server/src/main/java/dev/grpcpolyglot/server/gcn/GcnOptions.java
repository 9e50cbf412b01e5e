package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line flags of the GCN service (a picocli mixin of the server command). */
public final class GcnOptions implements ModuleOptions<GcnConfig> {
  @Option(names = "--gcn-model", paramLabel = "FILE", defaultValue = "${env:POLYGLOT_GCN_MODEL}",
      description = "Trained GCN weights (JSON: W1, b1, W2, b2; see docs/gcn.md); without it the "
          + "identity-weight network scores graphs of any feature count (env POLYGLOT_GCN_MODEL).")
  Path modelFile;

  @Option(names = "--gcn-max-nodes", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_GCN_MAX_NODES:-" + GcnConfig.DEFAULT_MAX_NODES + "}",
      description = "Largest graph accepted, in nodes; more -> RESOURCE_EXHAUSTED "
          + "(env POLYGLOT_GCN_MAX_NODES).")
  int maxNodes;

  @Option(names = "--gcn-max-edges", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_GCN_MAX_EDGES:-" + GcnConfig.DEFAULT_MAX_EDGES + "}",
      description = "Largest graph accepted, in edges as sent; more -> RESOURCE_EXHAUSTED "
          + "(env POLYGLOT_GCN_MAX_EDGES).")
  int maxEdges;

  /**
   * Builds the config, loading and validating the model file now so that a bad file stops the
   * server at start (IllegalArgumentException: the server prints it and exits 2) rather than
   * failing every call later.
   */
  @Override
  public GcnConfig toConfig() {
    GcnNetwork network = modelFile == null ? IdentityGcn.INSTANCE : ModelFile.load(modelFile);
    return new GcnConfig(network, maxNodes, maxEdges);
  }
}
