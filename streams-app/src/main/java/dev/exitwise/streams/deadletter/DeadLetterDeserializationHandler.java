package dev.exitwise.streams.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Sends every record whose key or value cannot be deserialized (bad bytes, unknown schema id, JSON that is not a
 * TextEvent) to the dead-letter topic with reason {@link DeadLetterReason#UNDECODABLE}, and goes on with the next
 * record. A registry that cannot be reached or refuses the credentials says nothing about the bytes: that fails the
 * stream thread instead, and the service retries (see {@code ExitwiseService}).
 *
 * <p>Configure with {@code deserialization.exception.handler} and {@code errors.dead.letter.queue.topic.name}.
 */
public final class DeadLetterDeserializationHandler extends DeadLetterHandler
    implements DeserializationExceptionHandler {
  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    InfrastructureFailures.Kind infrastructure = InfrastructureFailures.classify(exception);
    if (infrastructure != null) {
      // the registry is away or refuses us: the bytes may be perfectly good, so they are not a dead letter
      log.warn("Cannot decode {}-{}@{} for a reason outside the record ({}): {}; failing the stream thread",
          record.topic(), record.partition(), record.offset(), infrastructure.code(), exception.getMessage());
      return Response.fail();
    }
    DeadLetterSource source = new DeadLetterSource(record.topic(), record.partition(), record.offset(),
        record.timestamp(), record.key(), record.value());
    return Response.resume(deadLetter(source, record.headers(), DeadLetterReason.UNDECODABLE, null,
        exception.getMessage(), exception));
  }
}
