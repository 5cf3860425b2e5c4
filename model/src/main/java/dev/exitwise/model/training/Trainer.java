package dev.exitwise.model.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.LengthBuckets;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.eval.MultiLabelMetrics;
import dev.exitwise.model.eval.ThresholdCalibration;
import dev.exitwise.model.iapt.AdapterForward;
import dev.exitwise.model.iapt.TenantAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one tenant's adapter (12 prompt generators and 12 exit heads) over the frozen backbone with a
 * layer-weighted loss: sum over layers of w_l * BCE_l divided by sum of w_l, where BCE_l is the binary cross-entropy
 * of exit l averaged over labels and rows and w_l = l (F-PABEE and PABEE, the default) or 1 (uniform). With
 * self-distillation weight alpha, every exit but the last is scored against (1 - alpha) * gold + alpha * the last
 * exit's detached probabilities, so early exits learn to agree with the last one. Gradients flow through the
 * frozen layers to every generator below.
 *
 * <p>Model selection: after every epoch the dev macro-F1 of the last exit (with per-label thresholds tuned on
 * that dev set) is measured; the best epoch's weights are kept, and training stops after
 * {@code earlyStoppingPatience} epochs without improvement.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final Backbone backbone;
  private final TenantAdapter adapter;
  private final TrainingSettings settings;
  private final ProgressReporter progress;
  private AdamW optimizer; // the run's optimiser, set for the duration of train()
  private int skippedSteps;

  public Trainer(Backbone backbone, TenantAdapter adapter, TrainingSettings settings, ProgressReporter progress) {
    this.backbone = backbone;
    this.adapter = adapter;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Trains on {@code train}, selects on {@code dev}; on return the adapter holds the best epoch's weights.
   *
   * @return what happened, epoch by epoch
   */
  public TrainingReport train(Dataset train, Dataset dev) {
    long started = System.nanoTime();
    // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that started the
    // engine, and a gradient collector restores what it found. The optimiser's in-place updates need it off, on
    // whichever thread trains.
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    Rows rows = rows(train, dev);
    Schedule schedule = schedule(rows.train());
    LOG.info("training tenant '{}': {} rows, {} dev rows, {} steps per epoch, up to {} epochs, {} generator and {}"
        + " head parameters", adapter.tenant(), rows.train().size(), rows.dev().size(), schedule.stepsPerEpoch(),
        settings.epochs(), adapter.generatorParameterCount(), adapter.headParameterCount());
    Checkpoints checkpoints = settings.checkpointDirectory() == null
        ? null : new Checkpoints(settings.checkpointDirectory(), adapter.tenant());
    RunState state = new RunState();
    try (AdamW runOptimizer = new AdamW(adapter.manager())) {
      optimizer = runOptimizer;
      if (checkpoints != null && checkpoints.exists()) {
        // before the parameters require gradients: restoring copies into them in place
        state.resume(checkpoints.restore(adapter, optimizer), checkpoints.best());
        LOG.info("resumed from {} at epoch {} step {}", settings.checkpointDirectory(), state.startEpoch + 1,
            state.startStep);
      }
      setTrainable(true);
      try {
        for (int epoch = state.startEpoch; epoch < settings.epochs(); epoch++) {
          double trainLoss = trainEpoch(epoch, rows, schedule, checkpoints, state);
          if (endEpoch(epoch, trainLoss, rows.dev(), checkpoints, state)) {
            break;
          }
        }
      } finally {
        setTrainable(false);
      }
    }
    if (state.best != null) {
      load(state.best);
    }
    return new TrainingReport(adapter.tenant(), rows.train().size(), rows.dev().size(), state.epochs,
        state.bestEpoch, state.bestScore, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The rows a run uses.
   *
   * @param train the training rows (shuffled, capped), without the held-out split
   * @param theta rows held out of training for the rational coefficients' bi-level steps, or null
   * @param dev the selection rows (capped)
   */
  private record Rows(Dataset train, Dataset theta, Dataset dev) {}

  private Rows rows(Dataset train, Dataset dev) {
    Dataset trainRows = shuffledHead(train, settings.maxTrainRows(), new Random(settings.seed()));
    Dataset thetaRows = null;
    if (settings.rationalMode() == TrainingSettings.RationalMode.BILEVEL) {
      int held = Math.max(settings.batchSize(), trainRows.size() / 10);
      thetaRows = new Dataset(train.name(), train.labels(), trainRows.rows().subList(0, held));
      trainRows = new Dataset(train.name(), train.labels(), trainRows.rows().subList(held, trainRows.size()));
    }
    Dataset devRows = settings.maxDevRows() > 0 ? dev.head(settings.maxDevRows()) : dev;
    return new Rows(trainRows, thetaRows, devRows);
  }

  /** The training rows' targets and token lengths, and the learning-rate schedule over all epochs. */
  private record Schedule(float[][] targets, int[] lengths, int stepsPerEpoch, LearningRateSchedule rate) {}

  private Schedule schedule(Dataset trainRows) {
    int stepsPerEpoch = (trainRows.size() + settings.batchSize() - 1) / settings.batchSize();
    LearningRateSchedule rate = new LearningRateSchedule((long) stepsPerEpoch * settings.epochs(),
        Math.round(stepsPerEpoch * settings.epochs() * settings.warmupFraction()));
    return new Schedule(trainRows.labelMatrix(), tokenLengths(trainRows.texts()), stepsPerEpoch, rate);
  }

  /** Where a run stands: the epochs done, the best so far, and where to start (after a resume). */
  private static final class RunState {
    final List<TrainingReport.Epoch> epochs = new ArrayList<>();
    Map<String, dev.exitwise.model.io.Tensor> best;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestEpoch;
    int startEpoch;
    int startStep;
    long globalStep;

    void resume(Checkpoints.State saved, Map<String, dev.exitwise.model.io.Tensor> savedBest) {
      startEpoch = saved.epoch();
      startStep = saved.stepInEpoch();
      globalStep = saved.globalStep();
      bestScore = saved.bestScore();
      bestEpoch = saved.bestEpoch();
      best = savedBest;
      epochs.addAll(saved.epochs());
    }

    Checkpoints.State checkpoint(int epoch, int stepInEpoch) {
      return new Checkpoints.State(epoch, stepInEpoch, globalStep, bestScore, bestEpoch, epochs);
    }
  }

  /**
   * One epoch of optimiser steps from {@code state.startStep} on (bi-level: every other step updates only the
   * rational coefficients, on the held-out rows), with a checkpoint every {@code checkpointEverySteps} steps.
   *
   * @return the mean training loss of the epoch's finite steps on the training rows, or NaN
   */
  private double trainEpoch(int epoch, Rows rows, Schedule schedule, Checkpoints checkpoints, RunState state) {
    List<int[]> batches = LengthBuckets.shuffled(schedule.lengths(), settings.batchSize(), 50, settings.seed() + epoch);
    Dataset thetaRows = rows.theta();
    List<int[]> thetaBatches = thetaRows == null ? List.of()
        : LengthBuckets.shuffled(tokenLengths(thetaRows.texts()), settings.batchSize(), 50, settings.seed() - epoch);
    float[][] thetaTargets = thetaRows == null ? null : thetaRows.labelMatrix();
    double lossSum = 0;
    int lossCount = 0;
    progress.startEpoch(epoch + 1, settings.epochs(), batches.size(), state.startStep);
    for (int b = state.startStep; b < batches.size(); b++) {
      float rate = schedule.rate().factor(state.globalStep);
      boolean thetaStep = thetaRows != null && b % 2 == 1;
      double loss = thetaStep
          ? step(thetaRows, thetaTargets, thetaBatches.get((b / 2) % thetaBatches.size()), rate,
              TenantAdapter::isRational)
          : step(rows.train(), schedule.targets(), batches.get(b), rate,
              thetaRows == null ? name -> true : name -> !TenantAdapter.isRational(name));
      if (!thetaStep && Double.isFinite(loss)) {
        lossSum += loss;
        lossCount++;
      }
      state.globalStep++;
      progress.step(b + 1, loss);
      if (checkpoints != null && (b + 1) % settings.checkpointEverySteps() == 0 && b + 1 < batches.size()) {
        checkpoints.save(adapter, optimizer, state.checkpoint(epoch, b + 1), null);
      }
    }
    state.startStep = 0;
    return lossCount == 0 ? Double.NaN : lossSum / lossCount;
  }

  /**
   * Scores the epoch on dev, keeps the weights if they are the best so far, checkpoints, and says whether to stop
   * early.
   */
  private boolean endEpoch(int epoch, double trainLoss, Dataset devRows, Checkpoints checkpoints, RunState state) {
    DevScore score = evaluate(devRows);
    state.epochs.add(new TrainingReport.Epoch(epoch + 1, trainLoss, score.loss(), score.macroF1(), score.microF1()));
    boolean improved = score.macroF1() > state.bestScore;
    if (improved) {
      state.bestScore = score.macroF1();
      state.bestEpoch = epoch + 1;
      state.best = adapter.toTensors();
    }
    progress.endEpoch(epoch + 1, trainLoss, score.loss(), score.macroF1(), score.microF1(), improved);
    if (checkpoints != null) {
      checkpoints.save(adapter, optimizer, state.checkpoint(epoch + 1, 0), improved ? state.best : null);
    }
    if (epoch + 1 - state.bestEpoch >= settings.earlyStoppingPatience()) {
      LOG.info("early stop after epoch {}: no better dev macro-F1 since epoch {}", epoch + 1, state.bestEpoch);
      return true;
    }
    return false;
  }

  private void setTrainable(boolean trainable) {
    for (NDArray parameter : adapter.parameters().values()) {
      parameter.setRequiresGradient(trainable);
    }
  }

  /** One optimiser step on the rows {@code batch}; returns the loss. Updates only the parameters selected. */
  private double step(Dataset rows, float[][] targets, int[] batch, float rateFactor, Predicate<String> updated) {
    List<String> texts = new ArrayList<>(batch.length);
    float[][] y = new float[batch.length][];
    for (int i = 0; i < batch.length; i++) {
      texts.add(rows.rows().get(batch[i]).text());
      y[i] = targets[batch[i]];
    }
    TokenBatch tokens = backbone.tokenizer().encode(texts, null);
    try (NDManager step = backbone.encoder().manager().newSubManager()) {
      NDArray labels = step.create(y);
      double loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray total = loss(forward(tokens, step, true), labels);
        loss = total.getFloat();
        if (!Double.isFinite(loss)) {
          skippedSteps++;
          LOG.warn("skipping a step with a non-finite loss ({} skipped so far)", skippedSteps);
          return loss;
        }
        collector.backward(total);
      }
      Map<String, NDArray> parameters = adapter.parameters();
      List<NDArray> gradients = new ArrayList<>(parameters.size());
      double squaredNorm = 0;
      for (NDArray parameter : parameters.values()) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(step);
        gradients.add(gradient);
        squaredNorm += gradient.square().sum().getFloat();
      }
      if (!Double.isFinite(squaredNorm)) {
        gradients.forEach(Trainer::zero);
        skippedSteps++;
        LOG.warn("skipping a step with a non-finite gradient ({} skipped so far)", skippedSteps);
        return Double.NaN;
      }
      float clip = settings.gradientClipNorm() > 0 && squaredNorm > 0
          ? (float) Math.min(1.0, settings.gradientClipNorm() / Math.sqrt(squaredNorm)) : 1f;
      int i = 0;
      for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
        NDArray gradient = gradients.get(i++);
        String name = entry.getKey();
        if (updated.test(name)) {
          boolean rational = TenantAdapter.isRational(name);
          float peak = rational ? settings.rationalLearningRate() : settings.learningRate();
          float decay = rational || name.endsWith("bias") || name.contains(".norm.") ? 0f : settings.weightDecay();
          optimizer.update(name, entry.getValue(), gradient.mul(clip), peak * rateFactor, decay);
        }
        zero(gradient); // PyTorch accumulates gradients across backward passes
      }
      return loss;
    }
  }

  /**
   * Zeroes a gradient buffer in place by copying 0 into every element. Not {@code g.subi(g)}: after an overflow
   * that leaves NaN (NaN - NaN) and every later step accumulates into it. Not {@code g.set(float[])}: on the CPU
   * that rebinds the tensor to a Java buffer owned by this short-lived wrapper, and the next backward pass writes
   * into freed memory.
   */
  static void zero(NDArray gradient) {
    gradient.set(new ai.djl.ndarray.index.NDIndex(":"), 0f);
  }

  /**
   * Copies {@code values} (row-major, as many as the parameter holds) into a parameter's own memory. Not {@code
   * parameter.set(float[])}, for the reason {@link #zero} gives: on the CPU that rebinds the tensor to a Java buffer
   * instead of copying into it. Here the values go through a scratch tensor and an indexed assignment, which
   * copies.
   */
  static void overwrite(NDArray parameter, float[] values) {
    try (NDManager scratch = parameter.getManager().newSubManager()) {
      NDArray source = scratch.create(values, parameter.getShape());
      parameter.set(new ai.djl.ndarray.index.NDIndex(":"), source);
    }
  }

  /**
   * Runs every layer with prompts and returns every exit's logits.
   *
   * @return per layer [b, C] logits
   */
  List<NDArray> forward(TokenBatch tokens, NDManager step, boolean training) {
    BertEncoder encoder = backbone.encoder();
    NDArray mask = tokens.maskArray(step);
    NDArray hidden = encoder.embed(tokens.idsArray(step), tokens.typeIdsArray(step)); // [b, n, d]
    NDArray bias = BertEncoder.attentionBias(mask); // [b, 1, 1, n]
    float dropout = training ? settings.dropout() : 0f;
    List<NDArray> logits = new ArrayList<>();
    for (int layer = 0; layer < encoder.config().layerCount(); layer++) {
      NDArray prompts = AdapterForward.prompts(adapter.generator(layer), hidden, bias, dropout, training, step);
      hidden = encoder.layer(layer, hidden, bias, prompts);
      logits.add(AdapterForward.logits(adapter.head(layer), BertEncoder.cls(hidden), dropout, training));
    }
    return logits;
  }

  private NDArray loss(List<NDArray> logitsPerLayer, NDArray labels) {
    return weightedLoss(logitsPerLayer, labels, settings.layerWeighting(), settings.distillation());
  }

  /**
   * Sum over layers l (1-based) of w_l * mean BCE_l against the layer's targets, divided by the sum of w_l. The last
   * layer's target is gold; an earlier layer's is gold blended with the last layer's detached probabilities.
   */
  static NDArray weightedLoss(List<NDArray> logitsPerLayer, NDArray labels, TrainingSettings.LayerWeighting weighting,
      float distillation) {
    int last = logitsPerLayer.size() - 1;
    NDArray distilled = distillation > 0
        ? labels.mul(1f - distillation).add(ai.djl.nn.Activation.sigmoid(logitsPerLayer.get(last).stopGradient())
            .mul(distillation))
        : labels;
    NDArray total = null;
    float weights = 0;
    for (int l = 0; l <= last; l++) {
      float weight = weighting.weight(l + 1);
      NDArray layerLoss = binaryCrossEntropy(logitsPerLayer.get(l), l == last ? labels : distilled).mul(weight);
      total = total == null ? layerLoss : total.add(layerLoss);
      weights += weight;
    }
    return total.div(weights);
  }

  /**
   * Mean binary cross-entropy with logits, stable for large |z|: max(z, 0) - z y + log(1 + exp(-|z|)); y may be a
   * probability, not only 0 or 1.
   */
  static NDArray binaryCrossEntropy(NDArray logits, NDArray labels) {
    return logits.maximum(0f).sub(logits.mul(labels)).add(logits.abs().neg().exp().add(1f).log()).mean();
  }

  /** Dev loss and last-exit macro/micro-F1 with per-label thresholds tuned on the same rows. */
  DevScore evaluate(Dataset rows) {
    float[][] scores = new float[rows.size()][];
    double lossSum = 0;
    List<int[]> batches = LengthBuckets.sorted(tokenLengths(rows.texts()), 64);
    float[][] targets = rows.labelMatrix();
    for (int[] batch : batches) {
      List<String> texts = new ArrayList<>();
      float[][] y = new float[batch.length][];
      for (int i = 0; i < batch.length; i++) {
        texts.add(rows.rows().get(batch[i]).text());
        y[i] = targets[batch[i]];
      }
      try (NDManager step = backbone.encoder().manager().newSubManager()) {
        List<NDArray> logits = forward(backbone.tokenizer().encode(texts, null), step, false);
        lossSum += loss(logits, step.create(y)).getFloat() * batch.length;
        float[] last = ai.djl.nn.Activation.sigmoid(logits.get(logits.size() - 1)).toFloatArray();
        int labels = rows.labelCount();
        for (int i = 0; i < batch.length; i++) {
          scores[batch[i]] = Arrays.copyOfRange(last, i * labels, (i + 1) * labels);
        }
      }
    }
    boolean[][] gold = rows.goldMatrix();
    float[] thresholds = ThresholdCalibration.perLabel(scores, gold, ThresholdCalibration.defaultGrid());
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, ThresholdCalibration.apply(scores, thresholds));
    return new DevScore(lossSum / rows.size(), metrics.macroF1(), metrics.microF1());
  }

  record DevScore(double loss, double macroF1, double microF1) {}

  private int[] tokenLengths(List<String> texts) {
    TextTokenizer tokenizer = backbone.tokenizer();
    int[] lengths = new int[texts.size()];
    for (int start = 0; start < texts.size(); start += 256) {
      int end = Math.min(texts.size(), start + 256);
      TokenBatch tokens = tokenizer.encode(texts.subList(start, end), null);
      System.arraycopy(tokens.lengths(), 0, lengths, start, end - start);
    }
    return lengths;
  }

  private static Dataset shuffledHead(Dataset data, int maxRows, Random random) {
    List<dev.exitwise.model.data.LabeledText> rows = new ArrayList<>(data.rows());
    java.util.Collections.shuffle(rows, random);
    if (maxRows > 0 && maxRows < rows.size()) {
      rows = rows.subList(0, maxRows);
    }
    return new Dataset(data.name(), data.labels(), rows);
  }

  private void load(Map<String, dev.exitwise.model.io.Tensor> weights) {
    adapter.parameters().forEach((name, parameter) -> overwrite(parameter, weights.get(name).floats()));
  }
}
