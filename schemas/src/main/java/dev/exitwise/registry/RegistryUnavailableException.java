package dev.exitwise.registry;

/** The registry could not be reached, or kept answering 5xx, through every retry. */
public final class RegistryUnavailableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code cause} is the last failure, or null when the last failure was an HTTP status. */
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
