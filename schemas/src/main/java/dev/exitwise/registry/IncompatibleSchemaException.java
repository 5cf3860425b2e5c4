package dev.exitwise.registry;

/** The subject's compatibility rule rejected a new schema (HTTP 409 on {@code POST /subjects/{subject}/versions}). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final String subject;

  /** Creates the exception for {@code subject}; {@code reason} is the registry's or the checker's explanation. */
  public IncompatibleSchemaException(String subject, String reason) {
    super("schema incompatible with subject " + subject + ": " + reason);
    this.subject = subject;
  }

  /** @return the subject whose rule rejected the schema */
  public String subject() {
    return subject;
  }
}
