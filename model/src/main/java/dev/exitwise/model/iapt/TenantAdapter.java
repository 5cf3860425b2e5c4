package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.exitwise.model.io.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One tenant's trainable weights: a prompt generator and an exit head for every encoder layer. Parameter names
 * follow {@code layers.<i>.generator.*} and {@code layers.<i>.head.*} with 0-based layer index i; they are the keys
 * of the adapter's safetensors file.
 */
public final class TenantAdapter implements AutoCloseable {
  private final String tenant;
  private final List<String> labels;
  private final IaptConfig iapt;
  private final int layerCount;
  private final int hidden;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;

  private TenantAdapter(String tenant, List<String> labels, IaptConfig iapt, int layerCount, int hidden,
      NDManager manager, Map<String, NDArray> parameters) {
    this.tenant = tenant;
    this.labels = List.copyOf(labels);
    this.iapt = iapt;
    this.layerCount = layerCount;
    this.hidden = hidden;
    this.manager = manager;
    this.parameters = parameters;
  }

  /**
   * New weights: projections and pooling queries ~ N(0, 0.02^2), biases 0, rational coefficients from the GELU
   * fit, head LayerNorm at identity, head bias at the log-odds of each label's prior (so training starts from
   * the label frequencies instead of 0.5).
   *
   * @param labelPriors positive rate of each label in the training data, or null for 0.5
   */
  public static TenantAdapter initialize(String tenant, List<String> labels, int layerCount, int hidden,
      IaptConfig iapt, float[] labelPriors, long seed, NDManager parent) {
    Random random = new Random(seed);
    int m = iapt.bottleneck();
    int labelCount = labels.size();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (int layer = 0; layer < layerCount; layer++) {
      tensors.put(name(layer, "generator.down.weight"), normal(random, hidden, m));
      tensors.put(name(layer, "generator.down.bias"), Tensor.f32(new long[] {m}, new float[m]));
      tensors.put(name(layer, "generator.queries"), normal(random, m, iapt.softPromptCount()));
      tensors.put(name(layer, "generator.rational.numerator"),
          rational(RationalActivation.GELU_NUMERATOR_6, iapt.numeratorDegree() + 1));
      tensors.put(name(layer, "generator.rational.denominator"),
          rational(RationalActivation.GELU_DENOMINATOR_5, iapt.denominatorDegree()));
      tensors.put(name(layer, "generator.up.weight"), normal(random, m, hidden));
      tensors.put(name(layer, "generator.up.bias"), Tensor.f32(new long[] {hidden}, new float[hidden]));
      float[] gain = new float[hidden];
      java.util.Arrays.fill(gain, 1f);
      tensors.put(name(layer, "head.norm.weight"), Tensor.f32(new long[] {hidden}, gain));
      tensors.put(name(layer, "head.norm.bias"), Tensor.f32(new long[] {hidden}, new float[hidden]));
      tensors.put(name(layer, "head.weight"), normal(random, hidden, labelCount));
      float[] bias = new float[labelCount];
      for (int j = 0; j < labelCount && labelPriors != null; j++) {
        double prior = Math.min(0.999, Math.max(1e-4, labelPriors[j]));
        bias[j] = (float) Math.log(prior / (1 - prior));
      }
      tensors.put(name(layer, "head.bias"), Tensor.f32(new long[] {labelCount}, bias));
    }
    return fromTensors(tenant, labels, iapt, layerCount, hidden, tensors, parent);
  }

  /**
   * Weights read from a file.
   *
   * @throws IllegalArgumentException naming the first missing tensor or a tensor of the wrong shape
   */
  public static TenantAdapter fromTensors(String tenant, List<String> labels, IaptConfig iapt, int layerCount,
      int hidden, Map<String, Tensor> tensors, NDManager parent) {
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, long[]> expected : expectedShapes(labels.size(), iapt, layerCount, hidden).entrySet()) {
        Tensor tensor = tensors.get(expected.getKey());
        if (tensor == null) {
          throw new IllegalArgumentException("adapter '" + tenant + "' lacks tensor " + expected.getKey());
        }
        if (!java.util.Arrays.equals(tensor.shape(), expected.getValue())) {
          throw new IllegalArgumentException("adapter '" + tenant + "' tensor " + expected.getKey() + " has shape "
              + java.util.Arrays.toString(tensor.shape()) + ", expected "
              + java.util.Arrays.toString(expected.getValue()));
        }
        NDArray array = tensor.toNDArray(manager);
        array.setName(expected.getKey());
        parameters.put(expected.getKey(), array);
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return new TenantAdapter(tenant, labels, iapt, layerCount, hidden, manager, parameters);
  }

  /** The shape of every parameter, in a fixed order. */
  static Map<String, long[]> expectedShapes(int labelCount, IaptConfig iapt, int layerCount, int hidden) {
    int m = iapt.bottleneck();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int layer = 0; layer < layerCount; layer++) {
      shapes.put(name(layer, "generator.down.weight"), new long[] {hidden, m});
      shapes.put(name(layer, "generator.down.bias"), new long[] {m});
      shapes.put(name(layer, "generator.queries"), new long[] {m, iapt.softPromptCount()});
      shapes.put(name(layer, "generator.rational.numerator"), new long[] {iapt.numeratorDegree() + 1});
      shapes.put(name(layer, "generator.rational.denominator"), new long[] {iapt.denominatorDegree()});
      shapes.put(name(layer, "generator.up.weight"), new long[] {m, hidden});
      shapes.put(name(layer, "generator.up.bias"), new long[] {hidden});
      shapes.put(name(layer, "head.norm.weight"), new long[] {hidden});
      shapes.put(name(layer, "head.norm.bias"), new long[] {hidden});
      shapes.put(name(layer, "head.weight"), new long[] {hidden, labelCount});
      shapes.put(name(layer, "head.bias"), new long[] {labelCount});
    }
    return shapes;
  }

  /** The parameter name of a part of layer {@code layer} (0-based). */
  public static String name(int layer, String part) {
    return "layers." + layer + "." + part;
  }

  /** Whether a parameter is a rational-activation coefficient (trained at its own rate, or bi-level). */
  public static boolean isRational(String parameterName) {
    return parameterName.contains(".rational.");
  }

  /** Whether a parameter belongs to an exit head. */
  public static boolean isHead(String parameterName) {
    return parameterName.contains(".head.");
  }

  /** Layer {@code layer}'s generator weights (0-based). */
  public GeneratorWeights generator(int layer) {
    return new GeneratorWeights(
        parameters.get(name(layer, "generator.down.weight")),
        parameters.get(name(layer, "generator.down.bias")),
        parameters.get(name(layer, "generator.queries")),
        parameters.get(name(layer, "generator.rational.numerator")),
        parameters.get(name(layer, "generator.rational.denominator")),
        parameters.get(name(layer, "generator.up.weight")),
        parameters.get(name(layer, "generator.up.bias")));
  }

  /** Layer {@code layer}'s exit head (0-based). */
  public HeadWeights head(int layer) {
    return new HeadWeights(
        parameters.get(name(layer, "head.norm.weight")),
        parameters.get(name(layer, "head.norm.bias")),
        parameters.get(name(layer, "head.weight")),
        parameters.get(name(layer, "head.bias")));
  }

  /** All parameters by name, in a stable order; the arrays are live (training updates them in place). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Host copies of all parameters, for saving. */
  public Map<String, Tensor> toTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    parameters.forEach((name, array) -> out.put(name, Tensor.of(array)));
    return out;
  }

  /** Trainable parameters of the generators alone (docs/algorithms.md §2.5: 301,584 for BGE-small, m = 32). */
  public long generatorParameterCount() {
    return count(false);
  }

  /** Trainable parameters of the exit heads. */
  public long headParameterCount() {
    return count(true);
  }

  private long count(boolean heads) {
    return parameters.entrySet().stream()
        .filter(e -> isHead(e.getKey()) == heads)
        .mapToLong(e -> e.getValue().getShape().size())
        .sum();
  }

  public String tenant() {
    return tenant;
  }

  public List<String> labels() {
    return labels;
  }

  public IaptConfig iapt() {
    return iapt;
  }

  public int layerCount() {
    return layerCount;
  }

  public int hidden() {
    return hidden;
  }

  /** The manager that owns the weights. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }

  private static Tensor normal(Random random, int rows, int cols) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.02);
    }
    return Tensor.f32(new long[] {rows, cols}, values);
  }

  private static Tensor rational(float[] fit, int length) {
    float[] values = new float[length];
    System.arraycopy(fit, 0, values, 0, Math.min(length, fit.length));
    return Tensor.f32(new long[] {length}, values);
  }

}
