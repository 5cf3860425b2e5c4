package dev.exitwise.model.inference;

import java.util.Collection;

/** A request names a tenant the model does not serve (a bad event, or a tenant removed since it was checked). */
public final class UnknownTenantException extends IllegalArgumentException {
  private final String tenant;

  /**
   * @param tenant the tenant asked for
   * @param served the tenants the model serves, named in the message
   */
  public UnknownTenantException(String tenant, Collection<String> served) {
    super("unknown tenant '" + tenant + "'; this model serves " + served);
    this.tenant = tenant;
  }

  /** The tenant asked for. */
  public String tenant() {
    return tenant;
  }
}
