package dev.exitwise.streams;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics of the service.
 *
 * <p>The records are Avro or JSON, as {@link TopicFormats} says.
 *
 * @param textEvents input: {@code TextEvent}, keyed by event id
 * @param textLabels output: {@code Classification}, keyed by event id
 * @param exitTelemetry output (and input of the statistics): {@code ExitTelemetry}, keyed by event id
 * @param exitDepthStats output: {@code ExitDepthStats}, keyed by tenant
 * @param deadLetters bad records, with the reason in headers; becomes {@code errors.dead.letter.queue.topic.name}
 */
public record Topics(String textEvents, String textLabels, String exitTelemetry, String exitDepthStats,
    String deadLetters) {

  /** The default names. */
  public static final Topics DEFAULTS =
      new Topics("text-events", "text-labels", "exit-telemetry", "exit-depth-stats", "text-events-dlq");

  public Topics {
    Objects.requireNonNull(textEvents, "textEvents");
    Objects.requireNonNull(textLabels, "textLabels");
    Objects.requireNonNull(exitTelemetry, "exitTelemetry");
    Objects.requireNonNull(exitDepthStats, "exitDepthStats");
    Objects.requireNonNull(deadLetters, "deadLetters");
    if (List.of(textEvents, textLabels, exitTelemetry, exitDepthStats, deadLetters).stream().distinct().count()
        != 5) {
      throw new IllegalArgumentException("the five topics must be distinct: " + this);
    }
  }

  /** All five, input first. */
  public List<String> all() {
    return List.of(textEvents, textLabels, exitTelemetry, exitDepthStats, deadLetters);
  }

  /**
   * The five topics as the service expects them: the input, labels and telemetry topics with {@code partitions}
   * partitions (the labels and telemetry follow the input's keys), statistics and dead letters with one.
   */
  public List<NewTopic> newTopics(int partitions, short replicationFactor) {
    return List.of(
        new NewTopic(textEvents, partitions, replicationFactor),
        new NewTopic(textLabels, partitions, replicationFactor),
        new NewTopic(exitTelemetry, partitions, replicationFactor),
        new NewTopic(exitDepthStats, 1, replicationFactor),
        new NewTopic(deadLetters, 1, replicationFactor));
  }
}
