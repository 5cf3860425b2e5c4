package dev.exitwise.model.training;

import java.nio.file.Path;

/**
 * Everything that decides a training run; written into the model manifest so a run can be repeated.
 *
 * @param epochs maximum passes over the training rows
 * @param batchSize rows per step
 * @param learningRate peak AdamW learning rate of generators and heads
 * @param rationalLearningRate peak learning rate of the rational coefficients
 * @param rationalMode how the rational coefficients learn
 * @param weightDecay decoupled weight decay on projection and head matrices (not on biases, norms, rationals)
 * @param warmupFraction fraction of all steps spent warming the learning rate up linearly from 0
 * @param dropout dropout on the pooled prompt summaries and on the exit heads' inputs
 * @param gradientClipNorm global gradient-norm clip (0 = off)
 * @param layerWeighting how the exits' losses are weighted against each other
 * @param distillation weight alpha of self-distillation: every exit but the last learns from
 *     (1 - alpha) * gold + alpha * the last exit's (detached) probabilities; 0 = off
 * @param earlyStoppingPatience epochs without a better dev score before stopping
 * @param seed seed of initialisation, batch order and dropout
 * @param maxTrainRows use only the first rows of the (shuffled) training data, 0 = all
 * @param maxDevRows use only the first dev rows for model selection, 0 = all
 * @param checkpointDirectory where checkpoints go (resumed from when present), or null for none
 * @param checkpointEverySteps steps between checkpoints inside an epoch
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    float learningRate,
    float rationalLearningRate,
    RationalMode rationalMode,
    float weightDecay,
    float warmupFraction,
    float dropout,
    float gradientClipNorm,
    LayerWeighting layerWeighting,
    float distillation,
    int earlyStoppingPatience,
    long seed,
    int maxTrainRows,
    int maxDevRows,
    Path checkpointDirectory,
    int checkpointEverySteps) {

  /** How the rational activations' coefficients are trained (docs/algorithms.md §2.2). */
  public enum RationalMode {
    /** With everything else, at their own lower learning rate. */
    JOINT,
    /** DARTS-style: every other step updates only the coefficients, on a split held out of the training rows. */
    BILEVEL
  }

  /** Weights of the exits' losses in the training objective. */
  public enum LayerWeighting {
    /** Exit l weighs l (F-PABEE and PABEE: sum of l * L_l over sum of l); the last exit dominates. */
    LINEAR,
    /** Every exit weighs the same; early exits learn as much as the last. */
    UNIFORM;

    /** The weight of 1-based exit {@code layer}, before normalising by the sum over exits. */
    public float weight(int layer) {
      return this == LINEAR ? layer : 1f;
    }
  }

  /**
   * exitwise's recipe, the one the default model was trained with: docs/algorithms.md §2.4
   * (AdamW, batch 32, 6 % warm-up then linear decay, rational coefficients jointly at a tenth of the rate) with a
   * peak rate of 3e-3, 4 epochs, every exit weighted the same and self-distillation from the last exit at alpha
   * 0.9. With the papers' linear weighting the early exits stayed too weak for early exit to pay (docs/results.md).
   */
  public static TrainingSettings defaults() {
    return new TrainingSettings(4, 32, 3e-3f, 3e-4f, RationalMode.JOINT, 0.01f, 0.06f, 0.1f, 1.0f,
        LayerWeighting.UNIFORM, 0.9f, 2, 20261126L, 0, 0, null, 200);
  }

  public TrainingSettings {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs and batch size must be >= 1");
    }
    if (!(learningRate > 0) || rationalLearningRate < 0) {
      throw new IllegalArgumentException("learning rates must be positive");
    }
    if (!(distillation >= 0 && distillation <= 1)) {
      throw new IllegalArgumentException("distillation weight must be in [0, 1], got " + distillation);
    }
    if (layerWeighting == null) {
      throw new IllegalArgumentException("layer weighting must be set");
    }
  }

  /** Training steps that {@link #epochsFor} aims at least for, however small the data set. */
  public static final int MIN_STEPS = 1500;
  /** The fewest epochs {@link #epochsFor} chooses: the default model's 4. */
  public static final int MIN_EPOCHS = 4;
  /** The most epochs {@link #epochsFor} chooses. */
  public static final int MAX_EPOCHS = 40;

  /**
   * The number of epochs for a data set of {@code trainRows} when the user sets none: enough for {@value
   * #MIN_STEPS} steps, between {@value #MIN_EPOCHS} and {@value #MAX_EPOCHS}. A large data set gets the default
   * model's 4 epochs; a small one more passes, since its few steps per epoch would otherwise end training before
   * the adapter has learnt (early stopping on dev still ends it once dev stops improving).
   */
  public static int epochsFor(int trainRows, int batchSize) {
    int stepsPerEpoch = Math.max(1, (trainRows + batchSize - 1) / batchSize);
    int epochs = (MIN_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
    return Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, epochs));
  }

  /** A copy with another maximum number of epochs. */
  public TrainingSettings withEpochs(int newEpochs) {
    return new TrainingSettings(newEpochs, batchSize, learningRate, rationalLearningRate, rationalMode, weightDecay,
        warmupFraction, dropout, gradientClipNorm, layerWeighting, distillation, earlyStoppingPatience, seed,
        maxTrainRows, maxDevRows, checkpointDirectory, checkpointEverySteps);
  }

  /** A copy with another checkpoint directory. */
  public TrainingSettings withCheckpoints(Path directory) {
    return new TrainingSettings(epochs, batchSize, learningRate, rationalLearningRate, rationalMode, weightDecay,
        warmupFraction, dropout, gradientClipNorm, layerWeighting, distillation, earlyStoppingPatience, seed,
        maxTrainRows, maxDevRows, directory, checkpointEverySteps);
  }
}
