package dev.exitwise.model.inference;

import java.util.List;

/**
 * The classifier's answer for one row.
 *
 * @param tenant the tenant that classified it
 * @param labels the labels predicted positive (score at or above the label's decision threshold), highest first
 * @param scores every label's score, in the order of {@link TextClassifier#labels(String)}
 * @param exitLayer the 1-based layer whose exit head produced the answer
 * @param layerCount the backbone's layer count
 * @param divergences the exit policy's per-layer score trace up to the exit (entry i is layer i + 1;
 *     the first layer has no predecessor, so entry 0 is NaN for divergence policies)
 * @param policy a short description of the exit policy that decided, for example {@code fpabee(jsd,mean,0.01,2)}
 * @param truncated whether the text was cut to the model's maximum token count
 */
public record ClassifyResult(
    String tenant,
    List<LabelScore> labels,
    float[] scores,
    int exitLayer,
    int layerCount,
    float[] divergences,
    String policy,
    boolean truncated) {}
