package dev.exitwise.streams.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record whose key or value cannot be deserialized (bad bytes, unknown schema id, JSON that is not a
 * TextEvent) to the dead-letter topic with reason {@link DeadLetterReason#UNDECODABLE}, and goes on with the next
 * record. A registry that cannot be reached or refuses the credentials says nothing about the bytes: that fails the
 * stream thread instead, and the service retries (see {@code ExitwiseService}).
 *
 * <p>Configure with {@code deserialization.exception.handler} and {@code errors.dead.letter.queue.topic.name}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private DeadLetterConfig config;

  @Override
  public void configure(Map<String, ?> configs) {
    config = DeadLetterConfig.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    InfrastructureFailures.Kind infrastructure = InfrastructureFailures.classify(exception);
    if (infrastructure != null) {
      // the registry is away or refuses us: the bytes may be perfectly good, so they are not a dead letter
      LOG.warn("Cannot decode {}-{}@{} for a reason outside the record ({}): {}; failing the stream thread",
          record.topic(), record.partition(), record.offset(), infrastructure.code(), exception.getMessage());
      return Response.fail();
    }
    LOG.warn("Dead letter ({}): {}-{}@{}: {}", DeadLetterReason.UNDECODABLE.code(), record.topic(),
        record.partition(), record.offset(), exception.getMessage());
    DeadLetterSource source = new DeadLetterSource(record.topic(), record.partition(), record.offset(),
        record.timestamp(), record.key(), record.value());
    config.listener().onDeadLetter(DeadLetterReason.UNDECODABLE, null);
    return Response.resume(List.of(DeadLetterRecords.build(config.topic(), source, record.headers(),
        DeadLetterReason.UNDECODABLE, exception, config.maxRecordBytes())));
  }
}
