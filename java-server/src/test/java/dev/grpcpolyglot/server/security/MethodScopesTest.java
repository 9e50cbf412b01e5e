package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.testing.InProcessHarness;
import org.junit.jupiter.api.Test;

/** The scope table: the documented entries, and no served method left without one. */
class MethodScopesTest {
  private final MethodScopes scopes = new MethodScopes(false);

  @Test
  void everyMethodTheServerServesHasARequirement() throws Exception {
    try (InProcessHarness harness = InProcessHarness.start()) {
      for (String method : harness.server().methodNames()) {
        assertNotNull(scopes.lookup(method),
            method + " has no scope: add it to MethodScopes and the docs/security.md table");
      }
    }
  }

  @Test
  void documentedScopes() {
    assertEquals("greet", scopes.lookup("go_protoc.HelloService/Hello").scope());
    assertEquals("greet", scopes.lookup("helloworld.Greeter/Square").scope());
    assertEquals("greet", scopes.lookup("muxs.Greeter/SayHello").scope());
    assertEquals("files:read", scopes.lookup("muxs.FileController/Download").scope());
    assertEquals("files:write", scopes.lookup("muxs.FileController/Upload").scope());
    assertEquals("gcn", scopes.lookup("GCNService/ProcessGraph").scope());
    assertEquals("chat", scopes.lookup("Contact/sendStatus").scope());
    assertEquals("tasks:submit", scopes.lookup("Contact/submitTask").scope());
    assertEquals("tasks:submit", scopes.lookup("Contact/submitTasks").scope());
    assertEquals("tasks:read", scopes.lookup("Contact/getTaskStatus").scope());
    assertEquals("tasks:work", scopes.lookup("Contact/getTask").scope());
    assertEquals("tasks:work", scopes.lookup("Contact/tellResult").scope());
    assertEquals("routeguide", scopes.lookup("routeguide.RouteGuide/RouteChat").scope());
    assertTrue(scopes.lookup("grpc.health.v1.Health/Check").isOpen());
  }

  @Test
  void reflectionNeedsItsScopeUnlessConfiguredOpen() {
    String method = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    assertEquals("reflection", scopes.lookup(method).scope());
    assertTrue(new MethodScopes(true).lookup(method).isOpen());
  }

  @Test
  void unknownMethodsHaveNoRequirementSoTheyAreDenied() {
    assertNull(scopes.lookup("muxs.FileController/Delete"));
    assertNull(scopes.lookup("evil.Service/Do"));
  }
}
