package dev.grpcpolyglot.client;

import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;

/** Calls the standard {@code grpc.health.v1.Health} service. */
public final class HealthClient {
  private final HealthGrpc.HealthBlockingStub stub;
  private final long deadlineMillis;

  public HealthClient(Channel channel, Duration deadline) {
    this.stub = HealthGrpc.newBlockingStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public HealthClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** The serving status of one service ("" for the server as a whole). */
  public ServingStatus check(String service) {
    return stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
