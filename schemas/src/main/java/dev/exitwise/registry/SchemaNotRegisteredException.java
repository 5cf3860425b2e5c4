package dev.exitwise.registry;

/**
 * A lookup found no such schema under the subject (HTTP 404 on {@code POST /subjects/{subject}}). With
 * {@code auto.register.schemas=false} this means someone must register the schema first.
 */
public final class SchemaNotRegisteredException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final String subject;

  /** Creates the exception for {@code subject}; {@code detail} says whether the subject or the schema is missing. */
  public SchemaNotRegisteredException(String subject, String detail) {
    super("schema not registered under subject " + subject + " (" + detail + ")");
    this.subject = subject;
  }

  /** @return the subject that was searched */
  public String subject() {
    return subject;
  }
}
