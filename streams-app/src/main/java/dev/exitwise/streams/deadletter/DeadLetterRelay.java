package dev.exitwise.streams.deadletter;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Rethrows the {@link DeadLetterException} it is given, so that a processor which must go on after a bad row (the
 * micro-batcher, in the middle of a batch) can still send that row through Kafka Streams' processing exception
 * handler, the one path to the dead-letter topic.
 */
public final class DeadLetterRelay implements Processor<Object, DeadLetterException, Void, Void> {
  @Override
  public void process(Record<Object, DeadLetterException> record) {
    throw record.value();
  }
}
