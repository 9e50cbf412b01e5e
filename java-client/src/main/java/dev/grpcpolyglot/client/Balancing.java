package dev.grpcpolyglot.client;

import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import java.util.List;
import java.util.Map;

/**
 * Several replicas behind one channel. A target naming several ({@code h1:p1,h2:p2}, or a
 * {@code dns:///name:port} whose records hold several addresses) gets a service config that
 * spreads calls with {@code round_robin}, leaves out a replica whose grpc.health.v1 status is not
 * SERVING (one shutting down; client-side health checking comes with grpc-services), and retries
 * UNAVAILABLE with backoff on the methods that are safe to repeat. A single address is left as
 * it is.
 */
public final class Balancing {
  private static final List<Map<String, ?>> RETRYABLE_METHODS = List.of(
      Map.of("service", "go_protoc.HelloService", "method", "Hello"),
      Map.of("service", "helloworld.Greeter"),
      Map.of("service", "muxs.Greeter"),
      Map.of("service", "muxs.FileController", "method", "Read"),
      Map.of("service", "muxs.FileController", "method", "List"),
      Map.of("service", "GCNService", "method", "ProcessGraph"),
      Map.of("service", "Contact", "method", "getTaskStatus"));

  /** grpc-java takes JSON as maps, numbers as Double. */
  static final Map<String, ?> SERVICE_CONFIG = Map.of(
      "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
      "healthCheckConfig", Map.of("serviceName", ""),
      "methodConfig", List.of(Map.of(
          "name", RETRYABLE_METHODS,
          "retryPolicy", Map.of(
              "maxAttempts", 4.0,
              "initialBackoff", "0.1s",
              "maxBackoff", "1s",
              "backoffMultiplier", 2.0,
              "retryableStatusCodes", List.of("UNAVAILABLE")))));

  private Balancing() {}

  /** True when {@code target} names several replicas: a comma-separated list or a dns: name. */
  public static boolean isBalanced(String target) {
    return target.contains(",") || target.startsWith("dns:");
  }

  /** The target to hand grpc-java: a list becomes a {@link ReplicaListResolverProvider} URI. */
  static String channelTarget(String target) {
    if (!target.contains(",") || target.contains("://")) {
      return target;
    }
    ReplicaListResolverProvider.registerOnce(NameResolverRegistry.getDefaultRegistry());
    return ReplicaListResolverProvider.SCHEME + ":///" + target;
  }

  /** Installs the balanced service config when {@code target} names several replicas. */
  static void configure(ManagedChannelBuilder<?> builder, String target) {
    if (isBalanced(target)) {
      builder.defaultServiceConfig(SERVICE_CONFIG).enableRetry();
    }
  }
}
