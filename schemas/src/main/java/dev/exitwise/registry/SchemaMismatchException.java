package dev.exitwise.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's writer schema cannot be resolved to the reader schema (for example another record type, or a removed
 * field without a default), or a record does not match its own schema when written.
 */
public final class SchemaMismatchException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the given message. */
  public SchemaMismatchException(String message) {
    super(message);
  }

  /** Creates the exception with the given message and cause. */
  public SchemaMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
