package dev.exitwise.model.exit;

/**
 * Divergence-type scores between the predictions of two consecutive layers; smaller means more similar.
 *
 * <p>Multi-label scores treat each label as an independent Bernoulli variable with q = sigmoid(z) and score the
 * two-point distributions (q, 1 - q) per label ({@link #bernoulli}). Single-label scores compare softmax
 * distributions ({@link #categorical}); exitwise classifies multi-label, the categorical form exists so the
 * single-label test vectors of docs/algorithms.md §5.1 can be checked. Probabilities are clamped to [1e-7, 1]
 * before logs.
 */
public enum Divergence {
  /** KL(prev || cur). */
  KL("kl"),
  /** KL(cur || prev). */
  REVERSE_KL("rekl"),
  /** KL(prev || cur) + KL(cur || prev). */
  SYMMETRIC_KL("symkl"),
  /** Jensen-Shannon divergence: 0.5 KL(prev || mix) + 0.5 KL(cur || mix), in [0, ln 2] per label. The default. */
  JSD("jsd"),
  /**
   * The form in F-PABEE's released code: the mean cross-entropy of both distributions against their mixture,
   * JSD plus the mean entropy. Multi-label: over the sigmoid outcome only. For ablation.
   */
  JS_CE("jsce");

  static final double EPSILON = 1e-7;

  private final String key;

  Divergence(String key) {
    this.key = key;
  }

  /** The short name used in configuration and manifests ({@code jsd}, {@code kl}, ...). */
  public String key() {
    return key;
  }

  /**
   * Parses a short name or an enum constant name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Divergence parse(String name) {
    for (Divergence d : values()) {
      if (d.key.equalsIgnoreCase(name) || d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown divergence '" + name + "'; allowed: kl, rekl, symkl, jsd, jsce");
  }

  /** The score of one label between the previous layer's logit and the current one. */
  public double bernoulli(double previousLogit, double currentLogit) {
    double p = sigmoid(previousLogit);
    double r = sigmoid(currentLogit);
    if (this == JS_CE) {
      double logMix = Math.log(clamp(0.5 * (p + r)));
      return -0.5 * (p * logMix + r * logMix);
    }
    return twoPoint(new double[] {p, 1 - p}, new double[] {r, 1 - r});
  }

  /** The score summed (or averaged) over labels. */
  public double bernoulli(float[] previousLogits, float[] currentLogits, int labelCount, Reduction reduction) {
    double sum = 0;
    for (int j = 0; j < labelCount; j++) {
      sum += bernoulli(previousLogits[j], currentLogits[j]);
    }
    return reduction == Reduction.MEAN ? sum / labelCount : sum;
  }

  /** The score between two softmax distributions given by their logits. */
  public double categorical(double[] previousLogits, double[] currentLogits) {
    return twoPoint(softmax(previousLogits), softmax(currentLogits));
  }

  private double twoPoint(double[] p, double[] r) {
    return switch (this) {
      case KL -> kl(p, r);
      case REVERSE_KL -> kl(r, p);
      case SYMMETRIC_KL -> kl(p, r) + kl(r, p);
      case JSD -> {
        double[] mix = mixture(p, r);
        yield 0.5 * kl(p, mix) + 0.5 * kl(r, mix);
      }
      case JS_CE -> {
        double[] mix = mixture(p, r);
        double ce = 0;
        for (int k = 0; k < p.length; k++) {
          ce -= 0.5 * (p[k] + r[k]) * Math.log(clamp(mix[k]));
        }
        yield ce;
      }
    };
  }

  private static double kl(double[] p, double[] q) {
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      double pk = clamp(p[k]);
      sum += pk * (Math.log(pk) - Math.log(clamp(q[k])));
    }
    return sum;
  }

  private static double[] mixture(double[] p, double[] r) {
    double[] mix = new double[p.length];
    for (int k = 0; k < p.length; k++) {
      mix[k] = 0.5 * (p[k] + r[k]);
    }
    return mix;
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double[] out = new double[logits.length];
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      out[k] = Math.exp(logits[k] - max);
      sum += out[k];
    }
    for (int k = 0; k < logits.length; k++) {
      out[k] /= sum;
    }
    return out;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static double clamp(double probability) {
    return Math.min(1.0, Math.max(EPSILON, probability));
  }
}
