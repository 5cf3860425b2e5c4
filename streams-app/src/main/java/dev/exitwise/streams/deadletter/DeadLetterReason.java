package dev.exitwise.streams.deadletter;

import java.util.Locale;

/** Why a record went to the dead-letter topic; the {@link #code()} travels in the {@code exitwise.dlq.reason} header. */
public enum DeadLetterReason {
  /**
   * The value bytes are not a TextEvent in the input topic's format: for Avro, bad bytes, an unknown schema id or a
   * bad magic byte; for JSON, not JSON, not an object, a required field missing or a field of the wrong type.
   */
  UNDECODABLE,
  /** The record has no value (a tombstone). */
  NULL_VALUE,
  /** The text is empty or only whitespace. */
  EMPTY_TEXT,
  /** The tenant is not one the model serves. */
  UNKNOWN_TENANT,
  /** The text is longer than the configured limit in UTF-8 bytes. */
  OVERSIZE_TEXT,
  /** The model failed on this row even when classified alone. */
  CLASSIFIER_FAILURE,
  /** An output record for this input was larger than the producer accepts ({@code max.request.size}). */
  OUTPUT_TOO_LARGE,
  /** Any other exception thrown while processing the record. */
  PROCESSING_FAILURE;

  /** The stable code written in the reason header and used as a metric tag: the name in lower case, with hyphens. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
