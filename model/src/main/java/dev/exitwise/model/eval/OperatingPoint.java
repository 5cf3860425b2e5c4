package dev.exitwise.model.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One setting of an exit policy and what it achieved on a split.
 *
 * @param policy the policy's name, for example {@code full}, {@code static}, {@code pabee}, {@code f-pabee}
 * @param parameters the policy's settings by name, in insertion order, for example {@code patience=3,
 *     threshold=0.001}; integers are held as whole doubles
 * @param speedup the layer speed-up factor, layers / mean exit layer ({@link Speedup#layerSpeedup})
 * @param macroF1 macro-F1 in [0, 1]
 * @param microF1 micro-F1 in [0, 1]
 * @param meanExitLayer the mean 1-based exit layer over the rows
 */
public record OperatingPoint(
    String policy,
    Map<String, Double> parameters,
    double speedup,
    double macroF1,
    double microF1,
    double meanExitLayer) {

  public OperatingPoint {
    Objects.requireNonNull(policy, "policy");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** The parameters as {@code name=value} pairs joined by spaces, whole numbers without a decimal point. */
  public String parametersText() {
    return parameters.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + number(entry.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** The policy name followed by its parameters, for legends and table rows. */
  public String describe() {
    return parameters.isEmpty() ? policy : policy + " " + parametersText();
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
