package dev.exitwise.model.exit;

import java.util.Locale;

/** Parses the textual policy descriptions that {@link ExitPolicy#describe()} writes. */
public final class ExitPolicies {
  private ExitPolicies() {}

  /**
   * Parses {@code full}, {@code static(L)}, {@code pabee(P)}, {@code pabee(P,t)} or
   * {@code fpabee(divergence,reduction,threshold,patience)}.
   *
   * @throws IllegalArgumentException naming the text and the allowed forms
   */
  public static ExitPolicy parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    try {
      if (s.equals("full")) {
        return new FullDepth();
      }
      String[] args = arguments(s);
      if (s.startsWith("static(") && args.length == 1) {
        return new StaticExit(Integer.parseInt(args[0]));
      }
      if (s.startsWith("pabee(") && (args.length == 1 || args.length == 2)) {
        return new Pabee(Integer.parseInt(args[0]), args.length == 2 ? Float.parseFloat(args[1]) : 0.5f);
      }
      if (s.startsWith("fpabee(") && args.length == 4) {
        return new FPabee(Divergence.parse(args[0]), Reduction.parse(args[1]), Double.parseDouble(args[2]),
            Integer.parseInt(args[3]));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad exit policy '" + text + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("bad exit policy '" + text
        + "'; allowed: full, static(L), pabee(P), fpabee(jsd|kl|rekl|symkl|jsce,mean|sum,TAU,P)");
  }

  private static String[] arguments(String s) {
    int open = s.indexOf('(');
    if (open < 0 || !s.endsWith(")")) {
      return new String[0];
    }
    return s.substring(open + 1, s.length() - 1).split(",");
  }
}
