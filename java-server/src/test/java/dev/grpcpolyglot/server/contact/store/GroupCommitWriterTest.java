package dev.grpcpolyglot.server.contact.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer both durable stores share: what waits while a commit runs becomes the next group
 * (bounded by weight), answers come in submission order, a failed commit fails its whole group,
 * and each way of closing treats waiting changes as documented. The committer is held on a
 * latch to build a backlog, never timed.
 */
class GroupCommitWriterTest {
  private static final IllegalStateException CLOSED = new IllegalStateException("closed");

  /** A committer that records its groups and holds its first commit until released. */
  private static final class HeldCommitter implements GroupCommitWriter.Committer<Integer> {
    final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
    final CountDownLatch firstEntered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<?> commit(List<Integer> group) {
      groups.add(List.copyOf(group));
      if (groups.size() == 1) {
        firstEntered.countDown();
        try {
          assertTrue(release.await(30, TimeUnit.SECONDS), "never released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<Object> outcomes = new ArrayList<>();
      for (int change : group) {
        outcomes.add(change < 0 ? new IllegalArgumentException("negative " + change) : change * 10);
      }
      return outcomes;
    }
  }

  private static GroupCommitWriter<Integer> writer(int maxWeight,
      GroupCommitWriter.Committer<Integer> committer) {
    GroupCommitWriter<Integer> writer =
        new GroupCommitWriter<>("test", maxWeight, change -> Math.abs(change), committer,
            () -> CLOSED);
    writer.start();
    return writer;
  }

  private static Object await(CompletableFuture<Object> answer) throws Exception {
    return answer.get(30, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<Object> answer) {
    return assertThrows(ExecutionException.class, () -> await(answer)).getCause();
  }

  @Test
  void whatWaitsDuringACommitIsTheNextGroupBoundedByWeightAndAnsweredInOrder() throws Exception {
    HeldCommitter committer = new HeldCommitter();
    GroupCommitWriter<Integer> writer = writer(6, committer);
    CompletableFuture<Object> first = writer.submit(1);
    assertTrue(committer.firstEntered.await(30, TimeUnit.SECONDS));
    List<CompletableFuture<Object>> waiting = new ArrayList<>();
    for (int change = 2; change <= 5; change++) {
      waiting.add(writer.submit(change));
    }
    CompletableFuture<Object> refused = writer.submit(-6);
    committer.release.countDown();

    assertEquals(10, await(first));
    for (int i = 0; i < waiting.size(); i++) {
      assertEquals((i + 2) * 10, await(waiting.get(i)));
    }
    assertInstanceOf(IllegalArgumentException.class, failure(refused), "fails that change alone");
    // Weights 2+3+4 reach 6 after 3 (a group grows while below its bound), then 5 and -6.
    assertEquals(List.of(List.of(1), List.of(2, 3, 4), List.of(5, -6)), committer.groups);
    writer.close();
  }

  @Test
  void aCommitThatThrowsFailsEveryChangeOfItsGroupWithThatFailure() throws Exception {
    IllegalStateException diskFull = new IllegalStateException("disk full");
    GroupCommitWriter<Integer> writer = writer(100, group -> {
      throw diskFull;
    });
    assertSame(diskFull, failure(writer.submit(1)));
    writer.close();
  }

  @Test
  void closeCommitsWhatWaitsThenRefusesNewChanges() throws Exception {
    HeldCommitter committer = new HeldCommitter();
    GroupCommitWriter<Integer> writer = writer(100, committer);
    CompletableFuture<Object> first = writer.submit(1);
    assertTrue(committer.firstEntered.await(30, TimeUnit.SECONDS));
    CompletableFuture<Object> waiting = writer.submit(2);
    Thread closer = new Thread(writer::close);
    closer.start();
    committer.release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertEquals(10, await(first));
    assertEquals(20, await(waiting), "committed before the writer stopped");
    assertSame(CLOSED, failure(writer.submit(3)));
  }

  @Test
  void closeNowFailsWhatWaitsAfterTheGroupBeingCommitted() throws Exception {
    HeldCommitter committer = new HeldCommitter();
    GroupCommitWriter<Integer> writer = writer(100, committer);
    CompletableFuture<Object> first = writer.submit(1);
    assertTrue(committer.firstEntered.await(30, TimeUnit.SECONDS));
    CompletableFuture<Object> waiting = writer.submit(2);
    // Not released: closeNow's interrupt is what ends the held commit, so the writer cannot
    // have taken the waiting change before it was told to stop.
    writer.closeNow();
    assertEquals(10, await(first));
    assertSame(CLOSED, failure(waiting));
    assertEquals(List.of(List.of(1)), committer.groups);
  }
}
