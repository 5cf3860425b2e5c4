package dev.exitwise.registry;

/** The registry rejected our credentials (HTTP 401) or does not let them do this (HTTP 403). */
public final class RegistryAuthException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** Creates the exception for HTTP {@code status} answering {@code request}. */
  public RegistryAuthException(int status, String request) {
    super((status == 401 ? "registry authentication failed" : "registry access denied")
        + " (HTTP " + status + " on " + request + "): check basic.auth.user.info or bearer.auth.token");
    this.status = status;
  }

  /** @return 401 or 403 */
  public int status() {
    return status;
  }
}
