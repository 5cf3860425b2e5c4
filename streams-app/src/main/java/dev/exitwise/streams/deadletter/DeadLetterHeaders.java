package dev.exitwise.streams.deadletter;

/**
 * Header names on dead-letter records. The {@code __streams.errors.*} names are Kafka Streams' own (KIP-1034, see
 * {@code org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils}), so tools that read Kafka's dead letters
 * read ours; {@link #REASON} is ours.
 */
public final class DeadLetterHeaders {
  /** The exception's class name. */
  public static final String EXCEPTION = "__streams.errors.exception";
  /** The exception's message: the precise reason, for example "text has 70000 UTF-8 bytes, limit 65536". */
  public static final String MESSAGE = "__streams.errors.message";
  /** The exception's stack trace. */
  public static final String STACKTRACE = "__streams.errors.stacktrace";
  /** The source topic. */
  public static final String TOPIC = "__streams.errors.topic";
  /** The source partition, in decimal. */
  public static final String PARTITION = "__streams.errors.partition";
  /** The source offset, in decimal. */
  public static final String OFFSET = "__streams.errors.offset";
  /** A {@link DeadLetterReason#code()}: one stable word per kind of failure, for routing and dashboards. */
  public static final String REASON = "exitwise.dlq.reason";
  /** The size of the original value in bytes, in decimal: the value in the dead letter may be cut short. */
  public static final String ORIGINAL_SIZE = "exitwise.dlq.original.size";
  /** The lower-case hex SHA-256 of the whole original value. */
  public static final String SHA256 = "exitwise.dlq.sha256";
  /** Present ("true") when the value is only the first bytes of the original, cut to fit the producer's limit. */
  public static final String TRUNCATED = "exitwise.dlq.truncated";
  /** Present when the original record's headers were left out to fit; its value is their size in bytes. */
  public static final String HEADERS_DROPPED = "exitwise.dlq.headers.dropped";

  private DeadLetterHeaders() {}
}
