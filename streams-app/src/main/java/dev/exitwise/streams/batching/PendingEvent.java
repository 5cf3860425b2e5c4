package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event waiting in the micro-batcher, with what its output and a possible dead letter need.
 *
 * @param key the input record's key (kept on the output)
 * @param event the decoded event
 * @param topic the source topic
 * @param partition the source partition
 * @param offset the source offset
 * @param timestamp the input record's timestamp (kept on the output)
 * @param enqueuedAtMillis wall-clock time it entered the batcher
 * @param headers the input record's headers (kept on the outputs: correlation ids, {@code traceparent}); a copy
 */
public record PendingEvent(String key, TextEvent event, String topic, int partition, long offset, long timestamp,
    long enqueuedAtMillis, Headers headers) {

  public PendingEvent {
    headers = new RecordHeaders(headers == null ? new RecordHeaders() : headers);
  }
}
