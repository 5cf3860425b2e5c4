package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;

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
 */
public record PendingEvent(String key, TextEvent event, String topic, int partition, long offset, long timestamp,
    long enqueuedAtMillis) {}
