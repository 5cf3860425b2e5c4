package dev.exitwise.streams.deadletter;

import java.util.Locale;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * Decides what a record the producer refused becomes. Replaces Kafka's default handler, which answers every refusal
 * with a dead letter of the source record: when the refused record is itself a dead letter that is too large, that
 * recursed until the stream thread overflowed its stack.
 *
 * <ul>
 *   <li>A refused dead letter is never answered with another one: it is logged, counted ({@link
 *       DeadLetterListener#onDeadLetterLost}) and, if retriable, retried; otherwise processing goes on.
 *   <li>An output record larger than the producer accepts is the input's fault: its source becomes one bounded dead
 *       letter ({@link DeadLetterReason#OUTPUT_TOO_LARGE}).
 *   <li>Retriable failures (a broker away, a timeout) are retried, as Kafka's handler does.
 *   <li>Anything else (an output that cannot be serialized, a refusal the producer cannot retry) is infrastructure or
 *       configuration, not bad data: the stream thread fails and the service's exception handler decides.
 * </ul>
 *
 * <p>Authorization and authentication failures never reach a production handler: Kafka Streams treats them as
 * fatal, and {@link DeadLetterProcessingHandler} does not turn the resulting exception into a dead letter.
 */
public final class DeadLetterProductionHandler extends DeadLetterHandler implements ProductionExceptionHandler {
  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (config().topic().equals(record.topic())) {
      log.error("The producer refused a dead letter of {}-{}@{} ({} bytes of value): {}", context.topic(),
          context.partition(), context.offset(), record.value() == null ? 0 : record.value().length,
          exception.toString());
      config().listener().onDeadLetterLost();
      return exception instanceof RetriableException ? Response.retry() : Response.resume();
    }
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    if (exception instanceof RecordTooLargeException && context.topic() != null) {
      return Response.resume(deadLetter(sourceOf(context), context.headers(), DeadLetterReason.OUTPUT_TOO_LARGE, null,
          "output to " + record.topic() + " too large: " + exception.getMessage(), exception));
    }
    log.error("The producer refused a record for {} ({}-{}@{}); failing the stream thread", record.topic(),
        context.topic(), context.partition(), context.offset(), exception);
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    // our own output failed to serialize: a registry that is away or refuses us, or a bug; never the input's fault
    log.error("Could not serialize the {} of a record for {} ({}-{}@{}); failing the stream thread",
        origin.toString().toLowerCase(Locale.ROOT), record.topic(), context.topic(), context.partition(),
        context.offset(), exception);
    return Response.fail();
  }
}
