package dev.grpcpolyglot.server.security;

import java.util.Map;

/**
 * Which scope each method needs: the table in docs/security.md. Health is always open (probes
 * carry no credentials); reflection needs {@code reflection} unless configured open. A method in
 * neither table is denied, so a method added later stays closed until someone decides its scope.
 */
public final class MethodScopes {
  /** What a method requires: nothing ({@link #isOpen}), or one scope. */
  public record Requirement(String scope) {
    static final Requirement OPEN = new Requirement(null);

    public boolean isOpen() {
      return scope == null;
    }
  }

  public static final String REFLECTION_SCOPE = "reflection";

  /** Whole services that need one scope for every method. */
  private static final Map<String, String> SERVICES = Map.of(
      "go_protoc.HelloService", "greet",
      "helloworld.Greeter", "greet",
      "muxs.Greeter", "greet",
      "routeguide.RouteGuide", "routeguide",
      "grpc.testing.TestService", "interop");

  /** Single methods, by full name. */
  private static final Map<String, String> METHODS = Map.ofEntries(
      Map.entry("muxs.FileController/Read", "files:read"),
      Map.entry("muxs.FileController/Download", "files:read"),
      Map.entry("muxs.FileController/List", "files:read"),
      Map.entry("muxs.FileController/Write", "files:write"),
      Map.entry("muxs.FileController/Upload", "files:write"),
      Map.entry("GCNService/ProcessGraph", "gcn"),
      Map.entry("Contact/sendStatus", "chat"),
      Map.entry("Contact/submitTask", "tasks:submit"),
      Map.entry("Contact/submitTasks", "tasks:submit"),
      Map.entry("Contact/submitTaskBatch", "tasks:submit"),
      Map.entry("Contact/getTaskStatus", "tasks:read"),
      Map.entry("Contact/getTask", "tasks:work"),
      Map.entry("Contact/tellResult", "tasks:work"));

  private static final String HEALTH = "grpc.health.v1.Health";
  private static final String REFLECTION_V1 = "grpc.reflection.v1.ServerReflection";
  private static final String REFLECTION_V1ALPHA = "grpc.reflection.v1alpha.ServerReflection";

  private final boolean reflectionOpen;

  public MethodScopes(boolean reflectionOpen) {
    this.reflectionOpen = reflectionOpen;
  }

  /** The requirement of a full method name ("pkg.Service/Method"), or null when none is defined. */
  public Requirement lookup(String fullMethodName) {
    String service = serviceOf(fullMethodName);
    if (service.equals(HEALTH)) {
      return Requirement.OPEN;
    }
    if (service.equals(REFLECTION_V1) || service.equals(REFLECTION_V1ALPHA)) {
      return reflectionOpen ? Requirement.OPEN : new Requirement(REFLECTION_SCOPE);
    }
    String scope = METHODS.getOrDefault(fullMethodName, SERVICES.get(service));
    return scope == null ? null : new Requirement(scope);
  }

  private static String serviceOf(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return slash < 0 ? fullMethodName : fullMethodName.substring(0, slash);
  }
}
