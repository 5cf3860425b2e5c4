package dev.exitwise.streams.validation;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterException;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards valid events, with the default tenant in place of none, and throws a {@link DeadLetterException} for the
 * others, which Kafka Streams' processing exception handler writes to the dead-letter topic with this record's
 * source coordinates and bytes.
 */
public final class ValidationProcessor extends ContextualProcessor<String, TextEvent, String, TextEvent> {
  private final EventValidator validator;

  public ValidationProcessor(EventValidator validator) {
    this.validator = validator;
  }

  @Override
  public void process(Record<String, TextEvent> record) {
    Optional<Rejection> rejection = validator.check(record.value());
    if (rejection.isPresent()) {
      Rejection r = rejection.get();
      throw new DeadLetterException(r.reason(), r.message(), r.tenant());
    }
    context().forward(record.withValue(validator.withServingTenant(record.value())));
  }
}
