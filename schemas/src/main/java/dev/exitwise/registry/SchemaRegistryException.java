package dev.exitwise.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry refused a request or could not be reached. Subclasses name the common cases; this class itself
 * covers the rest (an unexpected status, an unreadable answer). The message is short and precise because Kafka
 * Streams copies it into dead-letter headers.
 */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public SchemaRegistryException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
