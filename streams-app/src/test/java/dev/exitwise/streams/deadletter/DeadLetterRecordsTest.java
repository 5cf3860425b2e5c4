package dev.exitwise.streams.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
  private static final int LIMIT = 1 << 20;

  @Test
  void aValueLargerThanTheProducerTakesIsCutAndSaysSo() {
    byte[] value = new byte[2 * LIMIT];
    Arrays.fill(value, (byte) 'x');
    value[0] = 0;
    RecordHeaders original = new RecordHeaders();
    original.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> record = DeadLetterRecords.build("dlq",
        new DeadLetterSource("in", 3, 42, 1000, "k".getBytes(StandardCharsets.UTF_8), value), original,
        DeadLetterReason.OVERSIZE_TEXT, new DeadLetterException(DeadLetterReason.OVERSIZE_TEXT, "too long", null),
        LIMIT);

    int size = record.key().length + record.value().length + DeadLetterRecords.size(record.headers());
    assertTrue(size <= LIMIT - DeadLetterRecords.FRAMING_BYTES, "fits with room for framing: " + size);
    assertTrue(record.value().length > LIMIT - 64 * 1024, "keeps as much as fits: " + record.value().length);
    assertArrayEquals(Arrays.copyOf(value, record.value().length), record.value());
    assertEquals(String.valueOf(2 * LIMIT), header(record, DeadLetterHeaders.ORIGINAL_SIZE));
    assertEquals(DeadLetterRecords.sha256(value), header(record, DeadLetterHeaders.SHA256));
    assertEquals(64, header(record, DeadLetterHeaders.SHA256).length());
    assertEquals("true", header(record, DeadLetterHeaders.TRUNCATED));
    assertEquals("oversize-text", header(record, DeadLetterHeaders.REASON));
    assertEquals("in", header(record, DeadLetterHeaders.TOPIC));
    assertEquals("3", header(record, DeadLetterHeaders.PARTITION));
    assertEquals("42", header(record, DeadLetterHeaders.OFFSET));
    assertEquals("abc", header(record, "trace-id"), "small original headers are kept");
    assertEquals(1000L, record.timestamp());
  }

  @Test
  void aSmallValueIsKeptWholeAndHugeHeadersAreDropped() {
    byte[] value = "small".getBytes(StandardCharsets.UTF_8);
    RecordHeaders original = new RecordHeaders();
    original.add("blob", new byte[LIMIT]);
    ProducerRecord<byte[], byte[]> record = DeadLetterRecords.build("dlq",
        new DeadLetterSource("in", 0, 7, -1, null, value), original, DeadLetterReason.UNDECODABLE,
        new IllegalStateException("x".repeat(100_000)), LIMIT);

    assertArrayEquals(value, record.value());
    assertNull(record.headers().lastHeader(DeadLetterHeaders.TRUNCATED));
    assertNull(record.headers().lastHeader("blob"));
    assertEquals(String.valueOf(LIMIT + 4 + 10), header(record, DeadLetterHeaders.HEADERS_DROPPED));
    assertTrue(header(record, DeadLetterHeaders.MESSAGE).length() < 3000, "the message is cut");
    assertNull(record.timestamp());
  }

  @Test
  void theLimitIsTheStreamsProducersMaxRequestSize() {
    assertEquals(DeadLetterConfig.DEFAULT_MAX_REQUEST_SIZE, DeadLetterConfig.maxRequestSize(Map.of()));
    assertEquals(5000, DeadLetterConfig.maxRequestSize(Map.of("max.request.size", "5000")));
    assertEquals(6000, DeadLetterConfig.maxRequestSize(Map.of("max.request.size", "5000",
        "producer.max.request.size", 6000)));
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull(header, name);
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
