package dev.exitwise.demo;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a demo runs.
 *
 * @param events how many events to send ({@link Long#MAX_VALUE}: until {@code duration})
 * @param duration stop sending after this long, or {@code null} for no time limit
 * @param eventsPerSecond the target send rate, both tenants together
 * @param sampleEvery print every n-th label with its text; 0 prints none
 * @param inputPartitions partitions of the input and output topics
 * @param redraw redraw the status block in place (a terminal) instead of printing plain lines
 * @param unicode draw histograms with block characters rather than ASCII
 * @param outputTimeout once sending has ended, give up waiting for the rest of the output when none has come for
 *     this long
 * @param serviceSettings settings for the service, as {@code --set} would give them ({@code exitwise.*} keys and
 *     Kafka Streams keys); the demo sets the broker, registry, application id, state folder and HTTP port itself
 *     unless given here
 */
public record DemoSettings(long events, Duration duration, double eventsPerSecond, int sampleEvery,
    int inputPartitions, boolean redraw, boolean unicode, Duration outputTimeout, Map<String, String> serviceSettings) {

  public DemoSettings {
    if (events < 1) {
      throw new IllegalArgumentException("events must be at least 1: " + events);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + eventsPerSecond);
    }
    if (sampleEvery < 0) {
      throw new IllegalArgumentException("sampleEvery must be >= 0: " + sampleEvery);
    }
    if (inputPartitions < 1) {
      throw new IllegalArgumentException("inputPartitions must be at least 1: " + inputPartitions);
    }
    Objects.requireNonNull(outputTimeout, "outputTimeout");
    serviceSettings = Map.copyOf(serviceSettings);
  }
}
