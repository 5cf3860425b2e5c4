package dev.exitwise.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void eventsAreDueAtEvenIntervalsFromTheStart() {
    Pacer pacer = new Pacer(100, 1_000);
    assertEquals(1_000, pacer.dueNanos(0));
    assertEquals(1_000 + 10_000_000, pacer.dueNanos(1));
    assertEquals(1_000 + 1_000_000_000, pacer.dueNanos(100));
  }

  @Test
  void aLateSenderCatchesUpInsteadOfDrifting() {
    Pacer pacer = new Pacer(10, 0);
    // at 0.7 s, events 5 to 7 (due at 0.5, 0.6, 0.7 s) go at once; event 8 waits until 0.8 s
    assertEquals(0, pacer.waitNanos(5, 700_000_000));
    assertEquals(0, pacer.waitNanos(7, 700_000_000));
    assertEquals(100_000_000, pacer.waitNanos(8, 700_000_000));
  }

  @Test
  void theRateMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Pacer(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Pacer(Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new Pacer(Double.POSITIVE_INFINITY, 0));
  }
}
