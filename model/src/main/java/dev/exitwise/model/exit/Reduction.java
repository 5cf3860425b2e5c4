package dev.exitwise.model.exit;

/** How per-label divergences combine into one score per row. */
public enum Reduction {
  /** Sum over labels, as in F-PABEE's paper. Thresholds then scale with the label count. */
  SUM,
  /** Mean over labels: thresholds are comparable across label sets of different size. The default. */
  MEAN;

  /** Parses {@code sum} or {@code mean}, case-insensitively. */
  public static Reduction parse(String name) {
    for (Reduction r : values()) {
      if (r.name().equalsIgnoreCase(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown reduction '" + name + "'; allowed: sum, mean");
  }
}
