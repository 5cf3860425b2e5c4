package dev.exitwise.streams.deadletter;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings that route bad records to the dead-letter topic, and what the three handlers read back from
 * the configuration they are given in {@code configure} ({@link DeadLetterHandler}).
 *
 * @param topic the dead-letter topic
 * @param listener told about every dead letter
 * @param maxRecordBytes the Streams producer's {@code max.request.size}: no dead letter is larger
 */
public record DeadLetterConfig(String topic, DeadLetterListener listener, int maxRecordBytes) {
  /** The producer's own default {@code max.request.size}. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  /**
   * Key of an optional {@link DeadLetterListener} instance in the Streams properties. Set by the service
   * programmatically, never read from a user's file.
   */
  static final String LISTENER_CONFIG = "exitwise.internal.dead.letter.listener";

  /**
   * Returns the Streams settings that install the three handlers: {@code deserialization.exception.handler},
   * {@code processing.exception.handler}, {@code production.exception.handler} (which never answers a dead letter
   * the producer refused with another one), {@code errors.dead.letter.queue.topic.name} and the listener.
   */
  public static Map<String, Object> streamsConfig(String topic, DeadLetterListener listener) {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class,
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class,
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class,
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic,
        // we have no global stores; opting in now is what Kafka 5.0 will do anyway and silences its warning
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true,
        LISTENER_CONFIG, listener);
  }

  static DeadLetterConfig from(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      // without a topic a dead record would only be logged: that is losing it
      throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic,
          "exitwise's exception handlers need a dead-letter topic");
    }
    Object listener = configs.get(LISTENER_CONFIG);
    if (listener != null && !(listener instanceof DeadLetterListener)) {
      throw new ConfigException(LISTENER_CONFIG, listener, "must be a " + DeadLetterListener.class.getName());
    }
    return new DeadLetterConfig(topic.toString(), listener == null ? DeadLetterListener.NONE
        : (DeadLetterListener) listener, maxRequestSize(configs));
  }

  /** The Streams producer's {@code max.request.size}: {@code producer.}-prefixed first, then the plain key. */
  static int maxRequestSize(Map<String, ?> configs) {
    Object value = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (value == null) {
      value = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    if (value == null) {
      return DEFAULT_MAX_REQUEST_SIZE;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value, "must be an integer");
    }
  }
}
