package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesModule;
import dev.grpcpolyglot.server.interop.InteropConfig;
import dev.grpcpolyglot.server.interop.InteropModule;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random and mutated byte strings as the request messages of every method the server
 * registers (TestService on), over a real Netty port: alone, and first, in the middle and last of a stream. Only
 * the codes a bad request may get come back, the server stays healthy, no failed upload leaves a
 * file behind, and a sendStatus stream sharing the connection is never disturbed.
 */
class FuzzEveryMethodTest {
  private static final int CASES_PER_METHOD = 24;
  /** What a request may get; UNKNOWN, INTERNAL, UNAVAILABLE and DATA_LOSS are server faults. */
  private static final Set<Status.Code> ALLOWED = Set.of(Status.Code.OK,
      Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED, Status.Code.NOT_FOUND,
      Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.OUT_OF_RANGE,
      Status.Code.ALREADY_EXISTS, Status.Code.UNIMPLEMENTED);
  /** Codes that always carry ErrorInfo (docs/errors.md). */
  private static final Set<Status.Code> DETAILED =
      Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
  /** Methods that stay open after a valid request: they end at the deadline. */
  private static final Set<String> LONG_LIVED = Set.of(
      "grpc.health.v1.Health/Watch", "Contact/getTask");

  @TempDir Path files;

  @Test
  void everyMethodRefusesGarbageWithAClearStatus() throws Exception {
    ServerConfig config = ServerConfig.forTests()
        .with(InteropModule.MODULE, InteropConfig.off().withEnabled(true));
    Map<Status.Code, Integer> counts = new EnumMap<>(Status.Code.class);
    int methodCount;
    try (NettyHarness server =
        NettyHarness.start(config.with(FilesModule.MODULE,
            config.configOf(FilesModule.MODULE).withRoot(files)))) {
      // The server's own registry: a method added tomorrow is fuzzed without editing this test.
      List<MethodDescriptor<?, ?>> methods = server.server().methods();
      List<String> names = methods.stream().map(MethodDescriptor::getFullMethodName).toList();
      assertTrue(names.containsAll(List.of("routeguide.RouteGuide/RouteChat",
          "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
          "grpc.testing.TestService/FullDuplexCall", "Contact/submitTasks")), names.toString());
      methodCount = methods.size();
      Channel channel = server.channel(InsecureChannelCredentials.create());
      SideChat chat = SideChat.open(channel);
      SplittableRandom random = new SplittableRandom(20261128);
      for (MethodDescriptor<?, ?> method : methods) {
        for (List<byte[]> messages : shapes(method, random)) {
          boolean longLived = LONG_LIVED.contains(method.getFullMethodName());
          RawCall.Outcome outcome = RawCall.call(channel, method, messages, longLived ? 300 : 10_000);
          Status.Code code = outcome.code();
          counts.merge(code, 1, Integer::sum);
          assertTrue(ALLOWED.contains(code) || longLived && code == Status.Code.DEADLINE_EXCEEDED,
              method.getFullMethodName() + " got " + outcome.status());
          if (DETAILED.contains(code)) {
            assertTrue(outcome.details().isPresent(), method.getFullMethodName() + " got "
                + outcome.status() + " without ErrorInfo (docs/errors.md)");
          }
          String description = String.valueOf(outcome.status().getDescription());
          assertFalse(description.matches("(?s).*(Exception|\\bjava\\.|com\\.google|\\tat ).*"),
              "internals leaked: " + description);
          chat.say();
        }
      }
      chat.assertUndisturbedAndClose();
      assertEquals("SERVING", HealthGrpc.newBlockingStub(channel)
          .check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance()).getStatus().name());
      assertNoTempFiles(files);
    }
    System.out.println("fuzz statuses by code: " + counts + " over " + methodCount + " methods");
  }

  /** Random cases for one method: single messages, and for client streams bad ones in place. */
  private static List<List<byte[]>> shapes(MethodDescriptor<?, ?> method, SplittableRandom random) {
    List<List<byte[]>> shapes = new ArrayList<>();
    boolean streams = !method.getType().clientSendsOneMessage();
    for (int i = 0; i < CASES_PER_METHOD; i++) {
      byte[] bad = i % 2 == 0 ? randomBytes(random) : mutated(random);
      if (!streams) {
        shapes.add(List.of(bad));
        continue;
      }
      byte[] empty = new byte[0]; // a valid message of every type
      shapes.add(switch (i % 4) {
        case 0 -> List.of(bad);
        case 1 -> List.of(bad, empty);
        case 2 -> List.of(empty, bad, empty);
        default -> List.of(empty, bad);
      });
    }
    return shapes;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] bytes = new byte[random.nextInt(1, 64)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A valid-looking message (field 1, length-delimited) with one byte flipped or cut short. */
  private static byte[] mutated(SplittableRandom random) {
    byte[] value = new byte[random.nextInt(1, 32)];
    random.nextBytes(value);
    byte[] message = new byte[value.length + 2];
    message[0] = 0x0a;
    message[1] = (byte) value.length;
    System.arraycopy(value, 0, message, 2, value.length);
    if (random.nextBoolean()) {
      message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
      return message;
    }
    return java.util.Arrays.copyOf(message, random.nextInt(1, message.length));
  }

  private static void assertNoTempFiles(Path root) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<Path> temps;
    do {
      try (Stream<Path> walk = Files.walk(root)) {
        temps = walk.filter(p -> p.getFileName().toString().startsWith(".polyglot-tmp")).toList();
      }
      if (temps.isEmpty()) {
        return;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    assertTrue(temps.isEmpty(), "temp files left: " + temps);
  }
}
