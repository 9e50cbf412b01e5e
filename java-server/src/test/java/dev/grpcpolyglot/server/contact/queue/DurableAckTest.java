package dev.grpcpolyglot.server.contact.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queue's two-step paths used by durable stores (no gRPC): reserve/admit/release for
 * submits, claimAck/finishAck/abandonAck for results.
 */
class DurableAckTest {
  @Test
  void aClaimedResultFreesTheWorkersWindowAndCountsOnlyOnceStored() {
    TaskQueue queue = new TaskQueue(1, 100, 10, 10);
    TaskQueueTest.RecordingSink sink = new TaskQueueTest.RecordingSink();
    queue.register(sink);
    List<String> ids = queue.submitAll(List.of("a", "b"));
    assertEquals(List.of(ids.get(0)), sink.ids());

    TaskQueue.AckClaim claim = queue.claimAck(ids.get(0), "A");
    assertEquals(Ack.FIRST, claim.ack());
    // The window is free while the result is stored; the task is not DONE yet.
    assertEquals(ids, sink.ids());
    assertEquals(TaskState.IN_FLIGHT, queue.status(ids.get(0)).state());
    assertEquals(Ack.REPEAT, queue.claimAck(ids.get(0), "again").ack());

    queue.finishAck(claim.id(), "A");
    assertEquals(TaskState.DONE, queue.status(ids.get(0)).state());
    assertEquals("A", queue.status(ids.get(0)).result());
  }

  @Test
  void aResultThatCouldNotBeStoredPutsItsTaskBackFirst() {
    TaskQueue queue = new TaskQueue(1, 100, 10, 10);
    List<String> ids = queue.submitAll(List.of("a", "b"));
    TaskQueue.AckClaim claim = queue.claimAck(ids.get(0), "A");
    queue.abandonAck(claim.id());
    assertEquals(TaskState.QUEUED, queue.status(ids.get(0)).state());
    assertEquals(2, queue.stats().queued());

    TaskQueueTest.RecordingSink sink = new TaskQueueTest.RecordingSink();
    queue.register(sink);
    assertEquals(List.of(ids.get(0)), sink.ids());
  }

  @Test
  void reservedRoomCountsAgainstTheLimitUntilAdmittedOrReleased() {
    TaskQueue queue = new TaskQueue(1, 3, 10, 10);
    long first = queue.reserve(2);
    ProblemException full = assertThrows(ProblemException.class, () -> queue.reserve(2));
    assertEquals(Problem.RESOURCE_EXHAUSTED, full.problem());
    queue.release(2);
    long next = queue.reserve(3);
    assertTrue(next > first, "ids of released reservations are never reused");
    queue.admit(next, List.of("x", "y", "z"));
    assertEquals(3, queue.stats().queued());
  }
}
