package dev.exitwise.model.encoder;

import dev.exitwise.model.io.Tensor;
import java.util.Map;

/**
 * An independent, plain-Java, double-precision BERT forward pass (Hugging Face BertModel semantics) used as the
 * oracle for the DJL encoder. Written for clarity, not speed: only for tiny models.
 */
final class ReferenceBert {

  private final EncoderConfig config;
  private final Map<String, Tensor> weights;

  ReferenceBert(EncoderConfig config, Map<String, Tensor> weights) {
    this.config = config;
    this.weights = weights;
  }

  /** Last hidden state {@code [batch][tokens][hidden]}; padding positions are computed but meaningless. */
  double[][][] forward(long[][] ids, long[][] typeIds, long[][] mask) {
    int batch = ids.length;
    double[][][] out = new double[batch][][];
    for (int b = 0; b < batch; b++) {
      double[][] hidden = embed(ids[b], typeIds[b]);
      for (int l = 0; l < config.layerCount(); l++) {
        hidden = layer(l, hidden, mask[b]);
      }
      out[b] = hidden;
    }
    return out;
  }

  private double[][] embed(long[] ids, long[] types) {
    int d = config.hiddenSize();
    double[][] rows = new double[ids.length][d];
    float[] word = w("embeddings.word_embeddings.weight");
    float[] pos = w("embeddings.position_embeddings.weight");
    float[] type = w("embeddings.token_type_embeddings.weight");
    for (int t = 0; t < ids.length; t++) {
      for (int j = 0; j < d; j++) {
        rows[t][j] = word[(int) ids[t] * d + j] + (double) type[(int) types[t] * d + j] + pos[t * d + j];
      }
      rows[t] = layerNorm(rows[t], "embeddings.LayerNorm");
    }
    return rows;
  }

  private double[][] layer(int l, double[][] hidden, long[] mask) {
    String p = "encoder.layer." + l + ".";
    int n = hidden.length;
    int d = config.hiddenSize();
    int heads = config.headCount();
    int hs = config.headSize();
    double[][] q = linear(hidden, p + "attention.self.query");
    double[][] k = linear(hidden, p + "attention.self.key");
    double[][] v = linear(hidden, p + "attention.self.value");
    double[][] context = new double[n][d];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < n; i++) {
        double[] scores = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          double dot = 0;
          for (int c = 0; c < hs; c++) {
            dot += q[i][h * hs + c] * k[j][h * hs + c];
          }
          scores[j] = mask[j] == 0 ? Double.NEGATIVE_INFINITY : dot / Math.sqrt(hs);
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j < n; j++) {
          for (int c = 0; c < hs; c++) {
            context[i][h * hs + c] += scores[j] / sum * v[j][h * hs + c];
          }
        }
      }
    }
    double[][] attended = linear(context, p + "attention.output.dense");
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        attended[i][j] += hidden[i][j];
      }
      attended[i] = layerNorm(attended[i], p + "attention.output.LayerNorm");
    }
    double[][] inter = linear(attended, p + "intermediate.dense");
    for (double[] row : inter) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
      }
    }
    double[][] out = linear(inter, p + "output.dense");
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] += attended[i][j];
      }
      out[i] = layerNorm(out[i], p + "output.LayerNorm");
    }
    return out;
  }

  /** x W^T + b with W {@code [out, in]}. */
  private double[][] linear(double[][] x, String prefix) {
    Tensor weight = weights.get(prefix + ".weight");
    float[] wv = weight.floats();
    float[] bv = w(prefix + ".bias");
    int outDim = (int) weight.shape()[0];
    int inDim = (int) weight.shape()[1];
    double[][] y = new double[x.length][outDim];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < outDim; o++) {
        double acc = bv[o];
        for (int i = 0; i < inDim; i++) {
          acc += x[t][i] * wv[o * inDim + i];
        }
        y[t][o] = acc;
      }
    }
    return y;
  }

  private double[] layerNorm(double[] x, String prefix) {
    float[] gamma = w(prefix + ".weight");
    float[] beta = w(prefix + ".bias");
    double mean = 0;
    for (double value : x) {
      mean += value;
    }
    mean /= x.length;
    double variance = 0;
    for (double value : x) {
      variance += (value - mean) * (value - mean);
    }
    variance /= x.length;
    double[] y = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      y[j] = (x[j] - mean) / Math.sqrt(variance + config.layerNormEps()) * gamma[j] + beta[j];
    }
    return y;
  }

  private float[] w(String name) {
    Tensor tensor = weights.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("reference lacks " + name);
    }
    return tensor.floats();
  }

  /** erf to about 1e-12: Maclaurin series for |x| < 3, the asymptotic series of erfc beyond. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double result;
    if (ax < 3) {
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
        term *= -ax * ax / n;
        sum += term / (2 * n + 1);
      }
      result = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double inv = 1 / (2 * ax * ax);
      double series = 1 - inv + 3 * inv * inv - 15 * inv * inv * inv + 105 * inv * inv * inv * inv;
      result = 1 - Math.exp(-ax * ax) / (ax * Math.sqrt(Math.PI)) * series;
    }
    return Math.copySign(result, x);
  }
}
