package dev.exitwise.streams.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Builds dead-letter records in Kafka Streams' KIP-1034 layout plus our reason header. */
public final class DeadLetterRecords {
  private DeadLetterRecords() {}

  /**
   * Returns the record to write to the dead-letter topic.
   *
   * @param dlqTopic the dead-letter topic
   * @param source where the dead record came from, and its bytes
   * @param originalHeaders the dead record's own headers, copied first; may be {@code null}
   * @param reason why
   * @param exception the exception whose class, message and stack trace go in headers
   */
  public static ProducerRecord<byte[], byte[]> build(
      String dlqTopic,
      DeadLetterSource source,
      Headers originalHeaders,
      DeadLetterReason reason,
      Throwable exception) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(dlqTopic, null, source.timestamp() < 0 ? null : source.timestamp(), source.key(),
            source.value());
    if (originalHeaders != null) {
      for (Header header : originalHeaders) {
        record.headers().add(header);
      }
    }
    // the stack-trace header of KIP-1034, written to a string exactly as Kafka's own handlers do
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    Headers headers = record.headers();
    headers.add(DeadLetterHeaders.EXCEPTION, utf8(exception.getClass().getName()));
    headers.add(DeadLetterHeaders.MESSAGE, utf8(String.valueOf(exception.getMessage())));
    headers.add(DeadLetterHeaders.STACKTRACE, utf8(trace.toString()));
    headers.add(DeadLetterHeaders.TOPIC, utf8(source.topic()));
    headers.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(source.partition())));
    headers.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(source.offset())));
    headers.add(DeadLetterHeaders.REASON, utf8(reason.code()));
    return record;
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
