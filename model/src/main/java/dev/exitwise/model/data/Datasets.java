package dev.exitwise.model.data;

import java.util.List;

/** Loads a tenant's data by name: the one entry point that commands such as train, calibrate and evaluate use. */
public final class Datasets {
  private Datasets() {}

  /** The tenants that have packaged data: {@code emotions} (GoEmotions) and {@code hostility} (MLMA English). */
  public static List<String> tenants() {
    return List.of(GoEmotions.TENANT, Mlma.TENANT);
  }

  /**
   * Loads one split of a tenant's data from the classpath.
   *
   * @throws IllegalArgumentException naming the tenant and the known tenants when there is no such data set
   */
  public static Dataset load(String tenant, Split split) {
    return switch (tenant) {
      case GoEmotions.TENANT -> GoEmotions.load(split);
      case Mlma.TENANT -> Mlma.load(split);
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
      case Mlma.TENANT -> Mlma.LABELS;
      default -> throw unknown(tenant);
    };
  }

  private static IllegalArgumentException unknown(String tenant) {
    return new IllegalArgumentException("no data set for tenant '" + tenant + "'; known tenants: " + tenants());
  }
}
