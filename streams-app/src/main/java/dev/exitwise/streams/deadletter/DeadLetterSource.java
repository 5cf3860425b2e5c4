package dev.exitwise.streams.deadletter;

/**
 * Where a dead record came from, and its bytes as they will be written to the dead-letter topic.
 *
 * @param topic the source topic
 * @param partition the source partition
 * @param offset the source offset
 * @param timestamp the record's timestamp
 * @param key the key bytes, or {@code null}
 * @param value the value bytes, or {@code null}
 */
public record DeadLetterSource(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
