package dev.exitwise.streams.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The micro-batcher's buffer bookkeeping on its own: keys, counts and when a batch is due. */
class PendingQueueTest {
  private static final int BATCH = 3;
  private static final long MAX_WAIT = 50;

  @Test
  void anEmptyQueueIsNeverDue() {
    PendingQueue queue = new PendingQueue();
    assertEquals(0, queue.restored());
    assertFalse(queue.due(BATCH, true, MAX_WAIT, 1_000_000));
    assertEquals(0, queue.firstWaitingSequence());
  }

  @Test
  void newEventsGetConsecutiveKeysAndTheOldestSetsTheWait() {
    PendingQueue queue = new PendingQueue();
    queue.restored();
    assertEquals(0, queue.add(100));
    assertEquals(1, queue.add(120));
    assertFalse(queue.isEmpty());
    assertEquals(2, queue.waiting());
    assertFalse(queue.due(BATCH, false, MAX_WAIT, 149), "the oldest has waited 49 ms");
    assertTrue(queue.due(BATCH, false, MAX_WAIT, 150), "the oldest has waited 50 ms");
    assertTrue(queue.due(BATCH, true, MAX_WAIT, 100), "draining sends whatever waits");
  }

  @Test
  void aFullBatchIsDueAtOnce() {
    PendingQueue queue = new PendingQueue();
    queue.restored();
    for (int i = 0; i < BATCH; i++) {
      queue.add(100);
    }
    assertTrue(queue.due(BATCH, false, MAX_WAIT, 100));
  }

  @Test
  void sendingMovesTheWaitToTheNextWaitingEventAndForwardingEmptiesTheStore() {
    PendingQueue queue = new PendingQueue();
    queue.restored();
    queue.add(100);
    queue.add(110);
    queue.add(200);
    queue.sent(2, 2, 200);
    assertEquals(1, queue.waiting());
    assertEquals(2, queue.firstWaitingSequence());
    assertFalse(queue.due(BATCH, false, MAX_WAIT, 249), "the wait now runs from the third event's arrival");
    assertTrue(queue.due(BATCH, false, MAX_WAIT, 250));
    queue.forwarded(2);
    assertFalse(queue.isEmpty(), "the third event is still in the store");

    queue.sentAll(1);
    assertEquals(0, queue.waiting());
    assertEquals(3, queue.firstWaitingSequence(), "nothing waits: the next key to be given");
    assertFalse(queue.isEmpty(), "sent events stay in the store until forwarded");
    queue.forwarded(1);
    assertTrue(queue.isEmpty());
    assertEquals(3, queue.add(300), "keys go on from 3");
    assertFalse(queue.due(BATCH, false, MAX_WAIT, 349), "a new event after an empty wait starts the wait anew");
  }

  @Test
  void restoredEventsWaitAgainAndKeysContinueAfterTheLargest() {
    PendingQueue queue = new PendingQueue();
    queue.restore(7, 10);
    queue.restore(9, 20);
    assertEquals(2, queue.restored());
    assertEquals(2, queue.waiting());
    assertEquals(7, queue.firstWaitingSequence());
    assertTrue(queue.due(BATCH, false, MAX_WAIT, 60), "the oldest restored event arrived at 10");
    assertEquals(10, queue.add(70));
  }

  @Test
  void releaseForgetsEverythingAndSaysHowMuch() {
    PendingQueue queue = new PendingQueue();
    queue.restored();
    queue.add(1);
    queue.add(2);
    queue.sentAll(1);
    assertEquals(2, queue.release());
    assertTrue(queue.isEmpty());
    assertEquals(0, queue.waiting());
  }
}
