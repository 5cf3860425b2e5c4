package dev.exitwise.produce;

import dev.exitwise.avro.TextEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends texts as {@link TextEvent}s to a topic at a steady rate, cycling through the texts as often as needed.
 * Event ids are {@code <idPrefix>-<sequence>} (also the record key); the event time is the moment of sending, so
 * a consumer can measure end-to-end latency. Thread-safe to observe while {@link #replay} runs in another thread.
 */
public final class EventReplayer {
  private final Producer<String, TextEvent> producer;
  private final String topic;
  private final String idPrefix;
  private final Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private volatile boolean stopRequested;

  /**
   * @param producer the producer to send with; the caller owns and closes it
   * @param topic the input topic
   * @param idPrefix the start of every event id, so separate runs do not reuse ids
   */
  public EventReplayer(Producer<String, TextEvent> producer, String topic, String idPrefix) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
  }

  /**
   * Sends {@code events} events (or until {@link #stop()}), text {@code i} being {@code texts[i % size]}, paced
   * by {@code pacer}, then flushes.
   *
   * @param events how many to send; {@link Long#MAX_VALUE} for no limit
   * @return how many were sent (handed to the producer)
   * @throws IllegalStateException if the broker refused any event (after the flush, naming the first reason)
   * @throws InterruptedException if interrupted while pacing
   */
  public long replay(List<ReplayText> texts, long events, Pacer pacer) throws InterruptedException {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("nothing to replay: no texts");
    }
    long index = 0;
    while (index < events && !stopRequested) {
      pacer.awaitDue(index);
      if (stopRequested) {
        break;
      }
      ReplayText text = texts.get((int) (index % texts.size()));
      String id = String.format("%s-%08d", idPrefix, index);
      TextEvent event = TextEvent.newBuilder().setId(id).setTenant(text.tenant()).setText(text.text())
          .setInstruction(null).setEventTime(Instant.now()).setAttributes(Map.of()).build();
      producer.send(new ProducerRecord<>(topic, id, event), (metadata, exception) -> {
        if (exception == null) {
          acknowledged.computeIfAbsent(text.tenant(), tenant -> new LongAdder()).increment();
        } else {
          firstFailure.compareAndSet(null, exception);
        }
      });
      sent.incrementAndGet();
      index++;
    }
    producer.flush();
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new IllegalStateException("the broker did not take every event: " + failure.getMessage(), failure);
    }
    return index;
  }

  /**
   * Starts {@link #replay} on a new daemon thread, paced at {@code rate} events a second from now.
   *
   * @param threadName the sending thread's name
   * @return the running replay
   */
  public Running replayInBackground(List<ReplayText> texts, long events, double rate, String threadName) {
    long start = System.nanoTime();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        replay(texts, events, new Pacer(rate, start));
      } catch (Exception e) {
        failure.set(e);
      }
    }, threadName);
    sender.setDaemon(true);
    sender.start();
    return new Running(sender, failure, start);
  }

  /**
   * A {@link #replay} running on its own thread.
   *
   * @param sender the sending thread
   * @param failure what ended the replay early, once it has
   * @param startNanos {@link System#nanoTime()} when it started
   */
  public record Running(Thread sender, AtomicReference<Exception> failure, long startNanos) {
    /** Seconds since the start. */
    public double elapsedSeconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Throws what ended the replay early, if anything did.
     *
     * @throws Exception the replay's failure: a broker refusal, or an interruption
     */
    public void rethrowFailure() throws Exception {
      Exception e = failure.get();
      if (e != null) {
        throw e;
      }
    }
  }

  /** Asks a running {@link #replay} to stop after the current event. */
  public void stop() {
    stopRequested = true;
  }

  /** Events handed to the producer so far. */
  public long sent() {
    return sent.get();
  }

  /** Events the broker has acknowledged so far, by tenant. */
  public Map<String, Long> acknowledged() {
    Map<String, Long> counts = new TreeMap<>();
    acknowledged.forEach((tenant, count) -> counts.put(tenant, count.sum()));
    return counts;
  }

  /** Events acknowledged so far, all tenants. */
  public long acknowledgedTotal() {
    return acknowledged.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
