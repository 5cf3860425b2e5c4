package dev.exitwise.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record are not a Confluent-wire-format Avro payload: too short, a wrong magic byte, or an Avro
 * body that does not decode with the writer schema its id names. Always bad input, never a registry problem.
 */
public final class MalformedPayloadException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the given message. */
  public MalformedPayloadException(String message) {
    super(message);
  }

  /** Creates the exception with the given message and the decoder's failure. */
  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
