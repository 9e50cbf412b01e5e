package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Contact CLI against the real server on a loopback port. */
class ContactCliTest {
  private PolyglotServer server;
  private String target;

  @BeforeEach
  void start() throws Exception {
    server = new PolyglotServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        ServerConfig.forTests()).start();
    target = "127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void contactDemoCallsEveryRpc() {
    CliRun run = run("--target", target, "contact");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("Contact/sendStatus(\"hello\", \"from\", \"java\") -> "
        + "[server received: hello, server received: from, server received: java]"), run.out());
    assertTrue(run.out().contains("Contact/submitTask(\"reverse polyglot\") -> 1"), run.out());
    assertTrue(run.out().contains("Contact/submitTasks(\"upper grpc\", \"sum 1 2 3\") -> [2, 3]"),
        run.out());
    assertTrue(run.out().contains(
        "Contact/submitTaskBatch(\"reverse batch\", \"upper batch\") -> [4, 5]"), run.out());
    assertTrue(run.out().contains("Contact/getTask() + tellResult(...) -> task 5 \"upper batch\""
        + " done, result reported (after 4 other tasks)"), run.out());
    assertTrue(run.out().contains(
        "Contact/getTaskStatus(\"1\") -> TASK_STATE_DONE result=\"tolgylop\" deliveries=1"), run.out());
  }

  @Test
  void submitWorkerAndStatus() {
    CliRun submit = run("submit", "--target", target, "upper grpc", "sum 40 2");
    assertEquals(0, submit.code(), submit.err());
    assertEquals("1\n2\n", submit.out());
    CliRun worker = run("worker", "--target", target, "--max-tasks", "2");
    assertEquals(0, worker.code(), worker.err());
    assertTrue(worker.out().contains("task 1 \"upper grpc\" -> GRPC"), worker.out());
    assertTrue(worker.out().contains("task 2 \"sum 40 2\" -> 42"), worker.out());
    CliRun status = run("status", "--target", target, "1", "2");
    assertEquals("1 DONE deliveries=1 task=\"upper grpc\" result=\"GRPC\"\n"
        + "2 DONE deliveries=1 task=\"sum 40 2\" result=\"42\"\n", status.out());
    CliRun missing = run("status", "--target", target, "77");
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("error: NOT_FOUND: no task with id '77'"), missing.err());
  }

  @Test
  void submitReadsTasksFromStdinOnOneStream() {
    StringWriter out = new StringWriter();
    CommandLine cli = withStdin(new SubmitCommand(
        new ByteArrayInputStream("upper grpc\nsum 1 2\n".getBytes(StandardCharsets.UTF_8))));
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("submit", "--target", target, "--stdin", "reverse first"));
    assertEquals("1\n2\n3\n", out.toString().replace("\r\n", "\n"));
    CliRun status = run("status", "--target", target, "1", "3");
    assertEquals("1 QUEUED deliveries=0 task=\"reverse first\"\n"
        + "3 QUEUED deliveries=0 task=\"sum 1 2\"\n", status.out());
    CliRun empty = run("submit", "--target", target, "ok", "");
    assertEquals(1, empty.code());
    assertTrue(empty.err().startsWith("error: INVALID_ARGUMENT: task 1 of this submitTasks stream"),
        empty.err());
  }

  @Test
  void chatSendsEachLineAndPrintsEachReply() {
    StringWriter out = new StringWriter();
    CommandLine cli = withStdin(new ChatCommand(
        new ByteArrayInputStream("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8))));
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("--target", target, "chat"));
    assertEquals("server received: one\nserver received: two\nserver received: three\n",
        out.toString().replace("\r\n", "\n"));
  }

  /** The whole CLI, with {@code command} (reading a test's stdin) in place of its subcommand. */
  private static CommandLine withStdin(Object command) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type.isInstance(command) ? type.cast(command)
            : CommandLine.defaultFactory().create(type);
      }
    };
    return new CommandLine(new ClientMain(System.out, System.err), factory);
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
