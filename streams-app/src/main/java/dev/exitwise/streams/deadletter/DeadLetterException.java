package dev.exitwise.streams.deadletter;

import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by a processor to send the record it is processing to the dead-letter topic; {@link
 * DeadLetterProcessingHandler} turns it into a dead letter and lets processing go on.
 *
 * <p>A record that waited in the micro-batcher is no longer the record in Kafka Streams' context when it fails (the
 * context is the punctuation's, or another record's), so such exceptions carry the original {@link DeadLetterSource}.
 */
public final class DeadLetterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;
  private final String tenant;
  private final transient DeadLetterSource source;

  /**
   * A dead letter for the record in the current processing context.
   *
   * @param tenant the record's tenant if it is one the model serves, otherwise {@code null} (metrics tag by it)
   */
  public DeadLetterException(DeadLetterReason reason, String message, String tenant) {
    this(reason, message, tenant, null, null);
  }

  /**
   * A dead letter for a record that is not the current one.
   *
   * @param tenant the record's tenant if it is one the model serves, otherwise {@code null}
   * @param source where the record came from and its bytes; {@code null} to use the processing context
   * @param cause the underlying failure, or {@code null}
   */
  public DeadLetterException(DeadLetterReason reason, String message, String tenant, DeadLetterSource source,
      Throwable cause) {
    super(reason.code() + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.tenant = tenant;
    this.source = source;
  }

  /** Why the record is a dead letter. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** The record's tenant when the model serves it. */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** The record's origin when it is not the record in the processing context. */
  public Optional<DeadLetterSource> source() {
    return Optional.ofNullable(source);
  }
}
