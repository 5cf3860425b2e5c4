package dev.exitwise.streams.deadletter;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

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
public final class DeadLetterProcessingHandler extends DeadLetterHandler implements ProcessingExceptionHandler {
  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof DeadLetterException deadLetter) {
      DeadLetterSource source = deadLetter.source().orElseGet(() -> sourceOf(context));
      return Response.resume(deadLetter(source, deadLetter.source().isPresent() ? record.headers() : context.headers(),
          deadLetter.reason(), deadLetter.tenant().orElse(null), exception.getMessage(), exception));
    }
    if (context.topic() == null) {
      log.error("Processor {} failed outside any record (task {})", context.processorNodeId(), context.taskId(),
          exception);
      return Response.fail();
    }
    InfrastructureFailures.Kind infrastructure = InfrastructureFailures.classify(exception);
    if (infrastructure != null) {
      // a denied write, a registry or broker away: not this record's fault, so never its dead letter
      log.error("Processor {} failed on {}-{}@{} for a reason outside the record ({}); failing the stream thread",
          context.processorNodeId(), context.topic(), context.partition(), context.offset(), infrastructure.code(),
          exception);
      return Response.fail();
    }
    log.error("Processor {} failed on {}-{}@{}; dead-lettering the record", context.processorNodeId(),
        context.topic(), context.partition(), context.offset(), exception);
    return Response.resume(unlogged(sourceOf(context), context.headers(), DeadLetterReason.PROCESSING_FAILURE, null,
        exception));
  }
}
