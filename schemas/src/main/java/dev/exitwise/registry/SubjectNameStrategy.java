package dev.exitwise.registry;

import java.util.Arrays;
import org.apache.avro.Schema;

/** How a serde names the subject it registers under, as Confluent's strategies of the same names do. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. The default. */
  TOPIC_NAME("TopicNameStrategy"),
  /** The record's full name: one lineage per record type, across topics. */
  RECORD_NAME("RecordNameStrategy"),
  /** {@code <topic>-<record full name>}. */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy");

  private final String confluentName;

  SubjectNameStrategy(String confluentName) {
    this.confluentName = confluentName;
  }

  /**
   * @return the subject for a record of {@code schema} on {@code topic}
   */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /**
   * Accepts Confluent's class names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) and their
   * simple names.
   *
   * @return the strategy
   * @throws IllegalArgumentException if the name is none of the three
   */
  public static SubjectNameStrategy fromConfluentName(String name) {
    String simpleName = name.substring(name.lastIndexOf('.') + 1).trim();
    return Arrays.stream(values()).filter(strategy -> strategy.confluentName.equals(simpleName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown subject name strategy " + name + "; allowed: " + allowedNames()));
  }

  /** @return the names this class accepts, for error messages and documentation */
  public static String allowedNames() {
    return "TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy";
  }
}
