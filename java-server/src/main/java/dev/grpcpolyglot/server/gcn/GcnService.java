package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;

/**
 * {@code GCNService}. Registered so health and reflection list it; ProcessGraph answers
 * UNIMPLEMENTED until the model lands (issue 4).
 */
public final class GcnService extends GCNServiceGrpc.GCNServiceImplBase {
  public GcnService(GcnConfig config) {}
}
