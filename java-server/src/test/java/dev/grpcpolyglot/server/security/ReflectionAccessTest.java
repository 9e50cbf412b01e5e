package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.Bearer;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.CallCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With auth on, reflection needs scope 'reflection' unless the server opens it. */
class ReflectionAccessTest {
  private static final String GREETER = "greeter-token-0123456789";
  private static final String TOOLS = "tools-token-0123456789";

  @TempDir Path dir;

  @Test
  void reflectionNeedsItsScopeByDefault() throws Exception {
    try (NettyHarness server = NettyHarness.start(config(false))) {
      ManagedChannel channel = server.channel(InsecureChannelCredentials.create());
      assertEquals(Status.Code.UNAUTHENTICATED, listServices(channel, null).getCode());
      assertEquals(Status.Code.PERMISSION_DENIED,
          listServices(channel, Bearer.token(GREETER)).getCode());
      assertEquals(Status.Code.OK, listServices(channel, Bearer.token(TOOLS)).getCode());
    }
  }

  @Test
  void reflectionOpenNeedsNoCredentials() throws Exception {
    try (NettyHarness server = NettyHarness.start(config(true))) {
      Status status = listServices(server.channel(InsecureChannelCredentials.create()), null);
      assertEquals(Status.Code.OK, status.getCode());
    }
  }

  private ServerConfig config(boolean reflectionOpen) throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"),
        "greeter " + GREETER + " greet\ntools " + TOOLS + " reflection\n");
    ServerConfig config = ServerConfig.forTests();
    return config.withSecurity(
        config.security().withAuthTokens(tokens).withReflectionOpen(reflectionOpen));
  }

  /** Asks for the service list; OK when the answer names HelloService, else the call's status. */
  private static Status listServices(ManagedChannel channel, CallCredentials credentials)
      throws Exception {
    ServerReflectionGrpc.ServerReflectionStub stub =
        ServerReflectionGrpc.newStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    if (credentials != null) {
      stub = stub.withCallCredentials(credentials);
    }
    CompletableFuture<Status> result = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        stub.serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            boolean listed = response.getListServicesResponse().getServiceList().stream()
                .anyMatch(service -> service.getName().equals("go_protoc.HelloService"));
            result.complete(listed ? Status.OK : Status.INTERNAL.withDescription("not listed"));
          }

          @Override
          public void onError(Throwable t) {
            result.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            result.complete(Status.INTERNAL.withDescription("ended without an answer"));
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    Status status = result.get(10, TimeUnit.SECONDS);
    assertTrue(status.isOk() || status.getDescription() != null, status.toString());
    return status;
  }
}
