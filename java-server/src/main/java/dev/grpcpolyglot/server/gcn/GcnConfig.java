package dev.grpcpolyglot.server.gcn;

/** Settings of the GCN service (model file and limits arrive with issue 4). */
public record GcnConfig() {
  public static GcnConfig defaults() {
    return new GcnConfig();
  }
}
