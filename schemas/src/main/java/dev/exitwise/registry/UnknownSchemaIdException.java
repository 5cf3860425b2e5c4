package dev.exitwise.registry;

/** The registry has no schema with the id a record carries (HTTP 404 on {@code GET /schemas/ids/{id}}). */
public final class UnknownSchemaIdException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final int schemaId;

  /** Creates the exception for {@code schemaId}; {@code detail} says where it was looked up. */
  public UnknownSchemaIdException(int schemaId, String detail) {
    super("unknown schema id " + schemaId + " (" + detail + ")");
    this.schemaId = schemaId;
  }

  /** @return the id that was not found */
  public int schemaId() {
    return schemaId;
  }
}
