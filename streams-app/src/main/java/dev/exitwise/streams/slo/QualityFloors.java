package dev.exitwise.streams.slo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The largest dev macro-F1 drop from full depth, in points, that each tenant may be served at: one value for every
 * tenant and any number of per-tenant values, written {@code 1.0} or {@code emotions=2,moderation=0} or {@code
 * 1.0,moderation=0}.
 *
 * @param defaultPoints the floor of a tenant not named
 * @param byTenant the named tenants' floors
 */
public record QualityFloors(double defaultPoints, Map<String, Double> byTenant) {
  /** One point (0.01 macro-F1) for every tenant: {@code calibrate}'s default budget. */
  public static final QualityFloors DEFAULT = new QualityFloors(1.0, Map.of());

  public QualityFloors {
    byTenant = Map.copyOf(byTenant);
    check(defaultPoints, "the default");
    byTenant.forEach((tenant, points) -> check(points, tenant));
  }

  /** The floor of a tenant: the drop it may take at most, in macro-F1 points. */
  public double maxDropPoints(String tenant) {
    return byTenant.getOrDefault(tenant, defaultPoints);
  }

  /**
   * Parses the written form; an empty text is {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the part that is wrong and the form expected
   */
  public static QualityFloors parse(String text) {
    double defaultPoints = DEFAULT.defaultPoints();
    Map<String, Double> byTenant = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        defaultPoints = number(entry, entry);
      } else if (equals == 0 || byTenant.put(entry.substring(0, equals).trim(),
          number(entry.substring(equals + 1).trim(), entry)) != null) {
        throw new IllegalArgumentException("'" + entry + "': expected TENANT=POINTS, each tenant once");
      }
    }
    return new QualityFloors(defaultPoints, byTenant);
  }

  private static double number(String text, String entry) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + entry + "': expected POINTS or TENANT=POINTS, a number of macro-F1 "
          + "points such as 1.0 or moderation=0", e);
    }
  }

  private static void check(double points, String whose) {
    if (!(points >= 0) || Double.isInfinite(points)) {
      throw new IllegalArgumentException(whose + ": a quality floor is a finite number of points >= 0, not " + points);
    }
  }
}
