package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request the guard refuses carries the same machine-readable details as every other
 * INVALID_ARGUMENT and RESOURCE_EXHAUSTED (docs/errors.md): ErrorInfo with a stable reason and
 * the server's domain, over a real Netty port, on a unary call and mid-stream.
 */
class RefusalDetailsTest {
  private static final byte[] TRUNCATED = MalformedStreamTest.TRUNCATED;

  @Test
  void refusalsCarryErrorInfo() throws Exception {
    try (NettyHarness server = NettyHarness.start(ServerConfig.forTests())) {
      Channel channel = server.channel(InsecureChannelCredentials.create());

      RawCall.Outcome malformed = RawCall.call(channel, HelloServiceGrpc.getHelloMethod(),
          List.of(TRUNCATED), 10_000);
      assertRefused(malformed, Status.Code.INVALID_ARGUMENT, "MALFORMED_MESSAGE");

      byte[] sixMebibytes = new byte[6 * 1024 * 1024];
      RawCall.Outcome tooLarge = RawCall.call(channel, HelloServiceGrpc.getHelloMethod(),
          List.of(sixMebibytes), 10_000);
      assertRefused(tooLarge, Status.Code.RESOURCE_EXHAUSTED, "MESSAGE_TOO_LARGE");

      RawCall.Outcome midStream = RawCall.call(channel, ContactGrpc.getSendStatusMethod(),
          List.of(new byte[0], TRUNCATED), 10_000);
      assertRefused(midStream, Status.Code.INVALID_ARGUMENT, "MALFORMED_MESSAGE");
    }
  }

  /** The code, and details whose message is the status's and whose ErrorInfo names reason. */
  static void assertRefused(RawCall.Outcome outcome, Status.Code code, String reason)
      throws InvalidProtocolBufferException {
    assertEquals(code, outcome.code(), outcome.status().toString());
    com.google.rpc.Status details = outcome.details()
        .orElseThrow(() -> new AssertionError("no grpc-status-details-bin: " + outcome.status()));
    assertEquals(outcome.status().getDescription(), details.getMessage());
    ErrorInfo info = errorInfo(details);
    assertEquals(reason, info.getReason());
    assertEquals("grpc-polyglot.dev", info.getDomain());
  }

  static ErrorInfo errorInfo(com.google.rpc.Status details) throws InvalidProtocolBufferException {
    for (var any : details.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        return any.unpack(ErrorInfo.class);
      }
    }
    throw new AssertionError("no ErrorInfo in " + details);
  }
}
