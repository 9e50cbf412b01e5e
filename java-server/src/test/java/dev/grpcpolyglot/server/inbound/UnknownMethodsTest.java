package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.RawBytes;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With auth on, the method list cannot be probed: unknown names need credentials too. */
class UnknownMethodsTest {
  private static final String TOKEN = "unknown-methods-test-token-0123456789";

  @TempDir Path dir;

  @Test
  void unknownMethodsAreUnauthenticatedWithoutCredentialsAndUnimplementedWith() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "alice " + TOKEN + " greet\n");
    ServerConfig config = ServerConfig.forTests();
    config = config.withSecurity(config.security().withAuthTokens(tokens));
    try (NettyHarness server = NettyHarness.start(config)) {
      Channel anonymous = server.channel(InsecureChannelCredentials.create());
      Metadata bearer = new Metadata();
      bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + TOKEN);
      Channel alice = ClientInterceptors.intercept(anonymous,
          MetadataUtils.newAttachHeadersInterceptor(bearer));

      for (String name : List.of("go_protoc.HelloService/Nope", "no.such.Service/Call")) {
        assertEquals(Status.Code.UNAUTHENTICATED, call(anonymous, name).code(), name);
        RawCall.Outcome known = call(alice, name);
        assertEquals(Status.Code.UNIMPLEMENTED, known.code(), name);
        assertEquals("Method not found: " + name, known.status().getDescription());
      }
    }
  }

  private static RawCall.Outcome call(Channel channel, String fullName) throws Exception {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(RawBytes.MARSHALLER, RawBytes.MARSHALLER)
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullName).build();
    return RawCall.call(channel, method, List.of(new byte[0]), 10_000);
  }
}
