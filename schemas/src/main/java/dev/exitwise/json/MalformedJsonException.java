package dev.exitwise.json;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record are not a JSON object of the expected record type: not JSON at all, not an object, a
 * required field missing, or a field of the wrong type. The message names the record type, the field and what was
 * wrong. Always bad input.
 */
public final class MalformedJsonException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the given message. */
  public MalformedJsonException(String message) {
    super(message);
  }

  /** Creates the exception with the given message and the parser's failure. */
  public MalformedJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
