package dev.exitwise.streams.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records in Kafka Streams' KIP-1034 layout plus our own headers, bounded in size so that the
 * producer always accepts them.
 *
 * <p>A dead letter that the producer refuses is worse than none: Kafka's default production handler answers the
 * refusal with another dead letter of the same bytes, which recurses until the stream thread overflows its stack
 * (a 1 MiB text once crash-looped the service this way). So a dead letter keeps the reason, the source coordinates,
 * the original value's size and SHA-256, and as much of the value as fits in {@code maxRecordBytes}; the stack
 * trace and message are cut to a few KiB, and the original headers are dropped when they would not fit.
 */
public final class DeadLetterRecords {
  /** Bytes reserved for the record batch and per-record framing the producer adds around key, value and headers. */
  static final int FRAMING_BYTES = 1024;
  /** The longest exception message kept, in characters. */
  static final int MAX_MESSAGE_CHARS = 2048;
  /** The longest stack trace kept, in characters. */
  static final int MAX_STACKTRACE_CHARS = 8192;

  private DeadLetterRecords() {}

  /**
   * Returns the record to write to the dead-letter topic.
   *
   * @param dlqTopic the dead-letter topic
   * @param source where the dead record came from, and its bytes
   * @param originalHeaders the dead record's own headers, copied first if they fit; may be {@code null}
   * @param reason why
   * @param exception the exception whose class, message and stack trace go in headers
   * @param maxRecordBytes the producer's {@code max.request.size}: the record, framing included, stays under it
   */
  public static ProducerRecord<byte[], byte[]> build(
      String dlqTopic,
      DeadLetterSource source,
      Headers originalHeaders,
      DeadLetterReason reason,
      Throwable exception,
      int maxRecordBytes) {
    byte[] value = source.value();
    byte[] key = source.key();
    Headers headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.EXCEPTION, utf8(exception.getClass().getName()));
    headers.add(DeadLetterHeaders.MESSAGE, utf8(cut(String.valueOf(exception.getMessage()), MAX_MESSAGE_CHARS)));
    // the stack-trace header of KIP-1034, written to a string exactly as Kafka's own handlers do, then cut
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    headers.add(DeadLetterHeaders.STACKTRACE, utf8(cut(trace.toString(), MAX_STACKTRACE_CHARS)));
    headers.add(DeadLetterHeaders.TOPIC, utf8(source.topic()));
    headers.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(source.partition())));
    headers.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(source.offset())));
    headers.add(DeadLetterHeaders.REASON, utf8(reason.code()));
    if (value != null) {
      headers.add(DeadLetterHeaders.ORIGINAL_SIZE, utf8(String.valueOf(value.length)));
      headers.add(DeadLetterHeaders.SHA256, utf8(sha256(value)));
    }
    int budget = maxRecordBytes - FRAMING_BYTES - size(key) - size(headers) - 64;
    if (originalHeaders != null) {
      int originalSize = size(originalHeaders);
      if (originalSize <= budget / 2) {
        for (Header header : originalHeaders) {
          headers.add(header);
        }
        budget -= originalSize;
      } else {
        headers.add(DeadLetterHeaders.HEADERS_DROPPED, utf8(String.valueOf(originalSize)));
      }
    }
    byte[] kept = value;
    if (value != null && value.length > Math.max(budget, 0)) {
      kept = Arrays.copyOf(value, Math.max(budget, 0));
      headers.add(DeadLetterHeaders.TRUNCATED, utf8("true"));
    }
    return new ProducerRecord<>(dlqTopic, null, source.timestamp() < 0 ? null : source.timestamp(), key, kept,
        headers);
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The bytes a record's headers take, approximately as the record format counts them (name, value, lengths). */
  static int size(Headers headers) {
    int bytes = 0;
    for (Header header : headers) {
      bytes += header.key().getBytes(StandardCharsets.UTF_8).length + size(header.value()) + 10;
    }
    return bytes;
  }

  private static int size(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static String cut(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "... (" + text.length() + " chars)";
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
