package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitDepthStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tumbling processing-time windows per tenant that count every sample. Kafka Streams' windowed aggregation drops a
 * record whose window closed before it arrived ("expired window"): the samples of one tenant reach this task from
 * every partition of {@code exit-telemetry}, interleaved, and during a backlog those partitions drift apart by more
 * than the grace, so 83 of 5,427 events of a burst went uncounted. Here such a late sample counts in the
 * oldest window still open instead, so that the windows of a tenant add up to its events.
 *
 * <p>Time is the samples' own (their record timestamp, the telemetry's processed time): a window {@code [start,
 * start + size)} is written once this task's stream time (the latest sample time seen) has passed its end by the
 * grace. The open windows and the stream time live in changelogged stores, so a restart neither forgets a window
 * nor writes one twice.
 */
final class ExitDepthWindowProcessor implements Processor<String, ExitSample, String, ExitDepthStats> {
  private static final String STREAM_TIME = "stream-time";

  private final long sizeMillis;
  private final long graceMillis;
  private final String windowStoreName;
  private final String timeStoreName;
  private ProcessorContext<String, ExitDepthStats> context;
  private KeyValueStore<String, ExitDepthAccumulator> windows;
  private KeyValueStore<String, Long> times;
  private long streamTime = Long.MIN_VALUE;

  ExitDepthWindowProcessor(StatsSettings settings, String windowStoreName, String timeStoreName) {
    this.sizeMillis = settings.windowSize().toMillis();
    this.graceMillis = settings.grace().toMillis();
    this.windowStoreName = windowStoreName;
    this.timeStoreName = timeStoreName;
  }

  @Override
  public void init(ProcessorContext<String, ExitDepthStats> context) {
    this.context = context;
    this.windows = context.getStateStore(windowStoreName);
    this.times = context.getStateStore(timeStoreName);
    Long saved = times.get(STREAM_TIME);
    streamTime = saved == null ? Long.MIN_VALUE : saved;
  }

  @Override
  public void process(Record<String, ExitSample> record) {
    String tenant = record.key();
    long time = record.timestamp();
    if (time > streamTime) {
      streamTime = time;
      times.put(STREAM_TIME, streamTime);
    }
    long start = Math.max(windowStart(time), oldestOpenStart());
    String key = key(start, tenant);
    ExitDepthAccumulator accumulator = windows.get(key);
    windows.put(key, (accumulator == null ? new ExitDepthAccumulator() : accumulator).add(record.value()));
    emitClosedWindows();
  }

  /**
   * The start of the oldest window not yet closed: the one holding {@code streamTime - grace}. Kafka Streams never
   * hands a processor a negative timestamp (it skips such records), so none of this underflows.
   */
  private long oldestOpenStart() {
    return streamTime < graceMillis ? Long.MIN_VALUE : windowStart(streamTime - graceMillis);
  }

  private void emitClosedWindows() {
    List<KeyValue<String, ExitDepthAccumulator>> closed = new ArrayList<>();
    long openFrom = oldestOpenStart();
    try (KeyValueIterator<String, ExitDepthAccumulator> all = windows.all()) {
      while (all.hasNext()) {
        KeyValue<String, ExitDepthAccumulator> entry = all.next();
        if (startOf(entry.key) < openFrom) {
          closed.add(entry);
        }
      }
    }
    for (KeyValue<String, ExitDepthAccumulator> entry : closed) {
      long start = startOf(entry.key);
      String tenant = tenantOf(entry.key);
      windows.delete(entry.key);
      context.forward(new Record<>(tenant, entry.value.toStats(tenant, start, start + sizeMillis),
          start + sizeMillis - 1));
    }
  }

  private long windowStart(long time) {
    return Math.floorDiv(time, sizeMillis) * sizeMillis;
  }

  /** Keys sort by window start (sign-shifted, zero-padded hex), then tenant. */
  static String key(long start, String tenant) {
    return String.format(Locale.ROOT, "%016x|%s", start ^ Long.MIN_VALUE, tenant);
  }

  static long startOf(String key) {
    return Long.parseUnsignedLong(key.substring(0, 16), 16) ^ Long.MIN_VALUE;
  }

  static String tenantOf(String key) {
    return key.substring(17);
  }
}
