package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactClient;
import dev.grpcpolyglot.client.TaskWork;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Contact: sendStatus a few messages, submitTask, getTask + tellResult (work tasks until ours is
 * done; other tasks met on the way are done too), getTaskStatus shows it DONE.
 */
final class ContactDemo implements ServiceDemo {
  /** Enough for a queue holding other tasks (e.g. the server's demo producer) before ours. */
  private static final int MAX_TASKS_TO_WORK = 100;

  @Override
  public String name() {
    return "contact";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    ContactClient client = new ContactClient(channel, deadline);
    DemoCalls calls = new DemoCalls(out, err);
    calls.call("Contact/sendStatus(\"hello\", \"from\", \"java\")",
        () -> interruptible(() -> client.sendStatus(List.of("hello", "from", "java"))));
    AtomicReference<String> id = new AtomicReference<>();
    calls.call("Contact/submitTask(\"reverse polyglot\")", () -> {
      id.set(client.submitTask("reverse polyglot"));
      return id.get();
    });
    if (id.get() == null) {
      return calls.failures();
    }
    // The worker below works until the last of these, so the demo leaves no task behind.
    AtomicReference<String> lastId = new AtomicReference<>(id.get());
    calls.call("Contact/submitTasks(\"upper grpc\", \"sum 1 2 3\")", () -> interruptible(() -> {
      List<String> ids = client.submitTasks(List.of("upper grpc", "sum 1 2 3"));
      lastId.set(ids.get(ids.size() - 1));
      return ids;
    }));
    calls.call("Contact/submitTaskBatch(\"reverse batch\", \"upper batch\")", () -> {
      List<String> ids = client.submitTaskBatch(List.of("reverse batch", "upper batch"));
      lastId.set(ids.get(ids.size() - 1));
      return ids;
    });
    calls.call("Contact/getTask() + tellResult(...)", () -> interruptible(() -> {
      List<ServerMsg> worked = client.workUntil(msg -> TaskWork.perform(msg.getTask()),
          msg -> msg.getTaskId().equals(lastId.get()), MAX_TASKS_TO_WORK);
      ServerMsg task = worked.get(worked.size() - 1);
      if (!task.getTaskId().equals(lastId.get())) {
        return "task " + lastId.get() + " not received after " + MAX_TASKS_TO_WORK + " tasks";
      }
      return "task " + task.getTaskId() + " \"" + task.getTask() + "\" done, result reported"
          + (worked.size() > 1 ? " (after " + (worked.size() - 1) + " other tasks)" : "");
    }));
    calls.call("Contact/getTaskStatus(\"" + id.get() + "\")", () -> {
      TaskStatus status = client.getTaskStatus(id.get());
      return status.getState() + " result=\"" + status.getResult() + "\" deliveries="
          + status.getDeliveries();
    });
    return calls.failures();
  }

  interface InterruptibleCall<T> {
    T call() throws InterruptedException;
  }

  /** DemoCalls takes a Supplier; an interrupt ends the demo call as a failure and is kept. */
  private static <T> T interruptible(InterruptibleCall<T> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw io.grpc.Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }
}
