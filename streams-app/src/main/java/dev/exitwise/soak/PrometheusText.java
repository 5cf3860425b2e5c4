package dev.exitwise.soak;

/** Reads values out of a Prometheus text-format scrape. */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * The sum of every sample of {@code metric} whose labels contain {@code labelFilter} (empty for all).
   *
   * @return the sum, or NaN when no sample matches
   */
  public static double sum(String scrape, String metric, String labelFilter) {
    double total = 0;
    boolean found = false;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      String rest = line.substring(metric.length());
      if (!(rest.startsWith("{") || rest.startsWith(" "))) {
        continue; // a longer name with this prefix
      }
      if (!labelFilter.isEmpty() && !(rest.startsWith("{") && rest.substring(0, rest.indexOf('}') + 1)
          .contains(labelFilter))) {
        continue;
      }
      String[] parts = line.trim().split("\\s+");
      try {
        double value = Double.parseDouble(parts[parts.length - 1]);
        if (!Double.isNaN(value)) {
          total += value;
          found = true;
        }
      } catch (NumberFormatException ignored) {
        // not a sample line
      }
    }
    return found ? total : Double.NaN;
  }
}
