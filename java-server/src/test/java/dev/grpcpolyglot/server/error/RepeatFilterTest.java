package dev.grpcpolyglot.server.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatFilterTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final RepeatFilter filter = new RepeatFilter(100, now::get);

  @Test
  void letsAFailureThroughOncePerIntervalThenReportsHowManyWereHeldBack() {
    assertEquals(0, filter.admit("a"));
    assertEquals(-1, filter.admit("a"));
    assertEquals(-1, filter.admit("a"));
    assertEquals(0, filter.admit("b"), "another failure has its own window");

    now.addAndGet(100);
    assertEquals(2, filter.admit("a"));
    assertEquals(-1, filter.admit("a"));
  }

  @Test
  void failuresAreKnownByTypeAndThrowSite() {
    RuntimeException one = new IllegalStateException("x");
    RuntimeException sameSite = new IllegalStateException("y");
    sameSite.setStackTrace(one.getStackTrace());
    assertEquals(RepeatFilter.keyOf(one), RepeatFilter.keyOf(sameSite));
    assertNotEquals(RepeatFilter.keyOf(one), RepeatFilter.keyOf(new IllegalArgumentException()));
  }
}
