package dev.grpcpolyglot.server.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** go_protoc.HelloService through a real stub. */
class HelloServiceTest {
  @ParameterizedTest
  @CsvSource(value = {"test|hello:test", "''|hello:", "hello:|hello:hello:", "日本|hello:日本"},
      delimiter = '|')
  void helloPrefixesTheValue(String value, String expected) throws Exception {
    try (InProcessHarness harness = InProcessHarness.start()) {
      String reply = HelloServiceGrpc.newBlockingStub(harness.channel())
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue(value).build())
          .getValue();
      assertEquals(expected, reply);
    }
  }
}
