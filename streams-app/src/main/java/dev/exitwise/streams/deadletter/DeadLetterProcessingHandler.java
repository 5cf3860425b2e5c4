package dev.exitwise.streams.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions thrown while processing a record into dead letters and goes on.
 *
 * <p>A {@link DeadLetterException} is expected bad input: it is written with its reason, and with its own {@link
 * DeadLetterSource} when it has one (a row that failed after waiting in the micro-batcher; the relayed record then
 * carries the original record's headers). Any other exception
 * thrown for a record is a bug in our code: it is logged with its stack trace and the record is dead-lettered as
 * {@link DeadLetterReason#PROCESSING_FAILURE}, so one record cannot stop the service, unless it is a failure of the
 * infrastructure ({@link InfrastructureFailures}: a denied write, a registry away), which fails the stream thread
 * instead: that is no fault of the record. An exception outside any
 * record (a punctuation) fails the stream thread: there is nothing to dead-letter, and hiding it would hide a bug.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  private DeadLetterConfig config;

  @Override
  public void configure(Map<String, ?> configs) {
    config = DeadLetterConfig.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof DeadLetterException deadLetter) {
      DeadLetterSource source = deadLetter.source().orElseGet(() -> fromContext(context));
      LOG.warn("Dead letter ({}): {}-{}@{}: {}", deadLetter.reason().code(), source.topic(), source.partition(),
          source.offset(), exception.getMessage());
      config.listener().onDeadLetter(deadLetter.reason(), deadLetter.tenant().orElse(null));
      return Response.resume(List.of(DeadLetterRecords.build(config.topic(), source,
          deadLetter.source().isPresent() ? record.headers() : context.headers(), deadLetter.reason(), exception,
          config.maxRecordBytes())));
    }
    if (context.topic() == null) {
      LOG.error("Processor {} failed outside any record (task {})", context.processorNodeId(), context.taskId(),
          exception);
      return Response.fail();
    }
    InfrastructureFailures.Kind infrastructure = InfrastructureFailures.classify(exception);
    if (infrastructure != null) {
      // a denied write, a registry or broker away: not this record's fault, so never its dead letter
      LOG.error("Processor {} failed on {}-{}@{} for a reason outside the record ({}); failing the stream thread",
          context.processorNodeId(), context.topic(), context.partition(), context.offset(), infrastructure.code(),
          exception);
      return Response.fail();
    }
    LOG.error("Processor {} failed on {}-{}@{}; dead-lettering the record", context.processorNodeId(),
        context.topic(), context.partition(), context.offset(), exception);
    config.listener().onDeadLetter(DeadLetterReason.PROCESSING_FAILURE, null);
    return Response.resume(List.of(DeadLetterRecords.build(config.topic(), fromContext(context), context.headers(),
        DeadLetterReason.PROCESSING_FAILURE, exception, config.maxRecordBytes())));
  }

  private static DeadLetterSource fromContext(ErrorHandlerContext context) {
    return new DeadLetterSource(context.topic(), context.partition(), context.offset(), context.timestamp(),
        context.sourceRawKey(), context.sourceRawValue());
  }
}
