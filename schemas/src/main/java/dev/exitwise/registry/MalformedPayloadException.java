package dev.exitwise.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record cannot be decoded in its topic's format: a Confluent-wire-format Avro payload that is too
 * short, has a wrong magic byte, or has a body that does not decode with the writer schema its id names; or, on a
 * JSON topic, bytes that are not a JSON object of the expected record type (the message names the record type, the
 * field and what was wrong). Always bad input, never a registry problem.
 */
public final class MalformedPayloadException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the given message. */
  public MalformedPayloadException(String message) {
    super(message);
  }

  /** Creates the exception with the given message and the decoder's or parser's failure. */
  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
