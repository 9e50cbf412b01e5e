package dev.grpcpolyglot.server.contact.queue;

import dev.grpcpolyglot.server.error.ProblemException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What every store refuses before storing anything: empty tasks (submitTask's rules). */
public final class TaskChecks {
  private TaskChecks() {}

  /** INVALID_ARGUMENT for an empty task (submitTask's rule, for every store). */
  public static void checkTask(String text) {
    if (text == null || text.isEmpty()) {
      throw ProblemException.invalidArgument("task must not be empty")
          .at("task").because("EMPTY_TASK");
    }
  }

  /** INVALID_ARGUMENT naming the first empty task of a batch (for every store). */
  public static void checkBatch(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null || texts.get(i).isEmpty()) {
        throw ProblemException.invalidArgument("task " + i + " of the batch (counting from 0)"
            + " is empty; no task of the batch was queued")
            .at("tasks[" + i + "]").because("EMPTY_TASK");
      }
    }
  }

  /** The failure a durable store answers an invalid task with; null for a valid one. */
  public static <T> CompletableFuture<T> rejectInvalid(String text) {
    try {
      checkTask(text);
      return null;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * What a durable store answers a batch with before storing anything: the failure of an
   * invalid one, no ids for an empty one; null when the batch must be stored.
   */
  public static CompletableFuture<List<String>> answerUnstored(List<String> texts) {
    try {
      checkBatch(texts);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return texts.isEmpty() ? CompletableFuture.completedFuture(List.of()) : null;
  }
}
