package dev.grpcpolyglot.server.contact.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The group commit of the durable stores: one writer thread takes every change waiting (up to a
 * bound) and hands them to the store's {@link Committer} as one group, to commit in one
 * transaction, so one disk flush covers thousands of changes under load. Only then is each
 * change's future completed, in submission order, on a separate thread, so answering the
 * callers overlaps the next commit. What a commit does is the store's; this class owns the
 * threads, the grouping, the order of answers and the end.
 *
 * @param <C> a change as the store describes it
 */
public final class GroupCommitWriter<C> {
  /** Commits one group of changes in one transaction (on the writer thread). */
  @FunctionalInterface
  public interface Committer<C> {
    /**
     * Commits {@code group}. Returns each change's outcome, in order: the value its future
     * completes with, or a RuntimeException that fails that change alone. Throws (a failure
     * meant for the callers) when nothing of the group was committed: every future fails.
     */
    List<?> commit(List<C> group);
  }

  private final BlockingQueue<Pending<C>> pending = new LinkedBlockingQueue<>();
  private final int maxWeight;
  private final ToIntFunction<C> weight;
  private final Committer<C> committer;
  private final Supplier<RuntimeException> closedFailure;
  private final Thread writer;
  /** Completes the futures of committed groups, in commit order. */
  private final ExecutorService answers;
  /** No more changes are taken; the writer commits what waits, then stops. */
  private volatile boolean closing;
  /** The writer stops at once; what waits fails. */
  private volatile boolean abandoned;
  /** The writer takes no more changes: whoever sees one waiting fails it. */
  private volatile boolean stopped;

  /**
   * A writer, not started.
   *
   * @param name prefix of its threads' names
   * @param maxWeight a group grows while its weight is below this (it always takes one change)
   * @param weight a change's weight (e.g. its task count, so a group's transaction stays bounded)
   * @param closedFailure what a change submitted after close, or left at close, fails with
   */
  public GroupCommitWriter(String name, int maxWeight, ToIntFunction<C> weight,
      Committer<C> committer, Supplier<RuntimeException> closedFailure) {
    this.maxWeight = maxWeight;
    this.weight = weight;
    this.committer = committer;
    this.closedFailure = closedFailure;
    this.writer = DaemonThreads.create(this::writeLoop, name + "-writer");
    this.answers = Executors.newSingleThreadExecutor(DaemonThreads.named(name + "-answers"));
  }

  public void start() {
    writer.start();
  }

  /** Queues {@code change} for the next group; completes with its outcome once committed. */
  public CompletableFuture<Object> submit(C change) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    if (closing) {
      answer.completeExceptionally(closedFailure.get());
      return answer;
    }
    pending.add(new Pending<>(change, answer));
    if (stopped) {
      failWaiting(); // closed between the check and the add: the writer will not answer it
    }
    return answer;
  }

  /** Commits what is waiting, stops the writer and answers every committed change (bounded). */
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
      answers.shutdown();
      answers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the writer after the group it is committing; what waits fails. */
  public void closeNow() {
    closing = true;
    abandoned = true;
    writer.interrupt();
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    answers.shutdown();
  }

  private void writeLoop() {
    while (!abandoned && (!closing || !pending.isEmpty())) {
      Pending<C> first;
      try {
        // Bounded, so an idle writer notices close.
        first = pending.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        continue;
      }
      List<Pending<C>> group = new ArrayList<>();
      group.add(first);
      int taken = weight.applyAsInt(first.change);
      for (Pending<C> next; taken < maxWeight && (next = pending.poll()) != null; ) {
        group.add(next);
        taken += weight.applyAsInt(next.change);
      }
      commit(group);
    }
    stopped = true;
    failWaiting();
  }

  /** Fails every change still waiting: nobody will commit it. */
  private void failWaiting() {
    RuntimeException gone = closedFailure.get();
    for (Pending<C> left; (left = pending.poll()) != null; ) {
      left.answer.completeExceptionally(gone);
    }
  }

  private void commit(List<Pending<C>> group) {
    List<C> changes = new ArrayList<>(group.size());
    group.forEach(entry -> changes.add(entry.change));
    List<?> outcomes;
    try {
      outcomes = committer.commit(changes);
    } catch (RuntimeException failure) {
      answers.execute(() -> group.forEach(entry -> entry.answer.completeExceptionally(failure)));
      return;
    }
    answers.execute(() -> {
      for (int i = 0; i < group.size(); i++) {
        if (outcomes.get(i) instanceof RuntimeException failure) {
          group.get(i).answer.completeExceptionally(failure);
        } else {
          group.get(i).answer.complete(outcomes.get(i));
        }
      }
    });
  }

  /** A change and the future its caller waits on. */
  private record Pending<C>(C change, CompletableFuture<Object> answer) {}
}
