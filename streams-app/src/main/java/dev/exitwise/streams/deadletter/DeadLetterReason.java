package dev.exitwise.streams.deadletter;

/** Why a record went to the dead-letter topic; the {@link #code()} travels in the {@code exitwise.dlq.reason} header. */
public enum DeadLetterReason {
  /**
   * The value bytes are not a TextEvent in the input topic's format: for Avro, bad bytes, an unknown schema id or a
   * bad magic byte; for JSON, not JSON, not an object, a required field missing or a field of the wrong type.
   */
  UNDECODABLE("undecodable"),
  /** The record has no value (a tombstone). */
  NULL_VALUE("null-value"),
  /** The text is empty or only whitespace. */
  EMPTY_TEXT("empty-text"),
  /** The tenant is not one the model serves. */
  UNKNOWN_TENANT("unknown-tenant"),
  /** The text is longer than the configured limit in UTF-8 bytes. */
  OVERSIZE_TEXT("oversize-text"),
  /** The model failed on this row even when classified alone. */
  CLASSIFIER_FAILURE("classifier-failure"),
  /** An output record for this input was larger than the producer accepts ({@code max.request.size}). */
  OUTPUT_TOO_LARGE("output-too-large"),
  /** Any other exception thrown while processing the record. */
  PROCESSING_FAILURE("processing-failure");

  private final String code;

  DeadLetterReason(String code) {
    this.code = code;
  }

  /** The stable, lower-case code written in the reason header and used as a metric tag. */
  public String code() {
    return code;
  }
}
