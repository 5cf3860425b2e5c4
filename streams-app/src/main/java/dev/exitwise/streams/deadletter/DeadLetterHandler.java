package dev.exitwise.streams.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three exception handlers share: the dead-letter settings they read in {@code configure}, and the one way
 * a source record becomes a dead letter (a WARN line, the listener told, a bounded record to write).
 */
abstract class DeadLetterHandler implements Configurable {
  /** The concrete handler's logger, so that log lines name the handler that wrote them. */
  final Logger log = LoggerFactory.getLogger(getClass());

  private DeadLetterConfig config;

  @Override
  public final void configure(Map<String, ?> configs) {
    config = DeadLetterConfig.from(configs);
  }

  /** The settings read in {@link #configure}. */
  final DeadLetterConfig config() {
    return config;
  }

  /**
   * Logs the dead letter at WARN, tells the listener and returns the record to write in the source record's place.
   *
   * @param source where the dead record came from, and its bytes
   * @param headers the dead record's own headers, copied if they fit; may be {@code null}
   * @param reason why
   * @param tenant the record's tenant, or {@code null} where it is not known
   * @param detail what went wrong, for the log line
   * @param exception the failure, whose class, message and stack trace go in headers
   */
  final List<ProducerRecord<byte[], byte[]>> deadLetter(DeadLetterSource source, Headers headers,
      DeadLetterReason reason, String tenant, String detail, Exception exception) {
    log.warn("Dead letter ({}): {}-{}@{}: {}", reason.code(), source.topic(), source.partition(), source.offset(),
        detail);
    return unlogged(source, headers, reason, tenant, exception);
  }

  /** Like {@link #deadLetter}, for a handler that has logged the failure already. */
  final List<ProducerRecord<byte[], byte[]>> unlogged(DeadLetterSource source, Headers headers,
      DeadLetterReason reason, String tenant, Exception exception) {
    config.listener().onDeadLetter(reason, tenant);
    return List.of(DeadLetterRecords.build(config.topic(), source, headers, reason, exception,
        config.maxRecordBytes()));
  }

  /** The record being processed when the handler was called, as Kafka Streams kept its source bytes. */
  static DeadLetterSource sourceOf(ErrorHandlerContext context) {
    return new DeadLetterSource(context.topic(), context.partition(), context.offset(), context.timestamp(),
        context.sourceRawKey(), context.sourceRawValue());
  }
}
