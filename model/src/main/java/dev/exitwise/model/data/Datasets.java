package dev.exitwise.model.data;

import java.util.List;

/**
 * The packaged data sets by tenant name. A user's own data comes in through {@link TenantData#fromFiles}; a tenant
 * trained from files reads its splits back through {@link RecordedData}.
 */
public final class Datasets {
  private Datasets() {}

  /** The tenants that have packaged data: {@code emotions} (GoEmotions) and {@code moderation} (Davidson et al. 2017). */
  public static List<String> tenants() {
    return List.of(GoEmotions.TENANT, Davidson.TENANT);
  }

  /**
   * Loads one split of a tenant's data from the classpath.
   *
   * @throws IllegalArgumentException naming the tenant and the known tenants when there is no such data set
   */
  public static Dataset load(String tenant, Split split) {
    return switch (tenant) {
      case GoEmotions.TENANT -> GoEmotions.load(split);
      case Davidson.TENANT -> Davidson.load(split);
      default -> throw unknown(tenant);
    };
  }

  /**
   * A tenant's label names, a label's id being its index, without reading its rows.
   *
   * @throws IllegalArgumentException when there is no such data set
   */
  public static List<String> labels(String tenant) {
    return switch (tenant) {
      case GoEmotions.TENANT -> GoEmotions.labels();
      case Davidson.TENANT -> Davidson.LABELS;
      default -> throw unknown(tenant);
    };
  }

  private static IllegalArgumentException unknown(String tenant) {
    return new IllegalArgumentException("no data set for tenant '" + tenant + "'; known tenants: " + tenants());
  }
}
