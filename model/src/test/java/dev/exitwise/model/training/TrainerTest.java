package dev.exitwise.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.GoEmotions;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a tiny fixed slice with a tiny random backbone: the loss falls, checkpoints resume, gradients are right. */
class TrainerTest {
  private static Backbone backbone;
  private static Dataset train;
  private static Dataset dev;

  @BeforeAll
  static void setUp() {
    backbone = TinyModels.backbone(3, 64);
    train = GoEmotions.load(Split.TRAIN).head(192);
    dev = GoEmotions.load(Split.DEV).head(96);
  }

  @AfterAll
  static void tearDown() {
    backbone.close();
  }

  private static TenantAdapter newAdapter(long seed) {
    var config = backbone.encoder().config();
    return TenantAdapter.initialize("emotions", train.labels(), config.layerCount(), config.hiddenSize(),
        TinyModels.TINY_IAPT, null, seed, backbone.encoder().manager());
  }

  private static TrainingSettings settings(int epochs, Path checkpoints) {
    return new TrainingSettings(epochs, 16, 5e-3f, 5e-4f, TrainingSettings.RationalMode.JOINT, 0.01f, 0.1f, 0f, 1f,
        TrainingSettings.LayerWeighting.LINEAR, 0f, epochs, 11, 0, 0, checkpoints, 5);
  }

  @Test
  void trainingOnATinySliceLowersTheLoss() {
    try (TenantAdapter adapter = newAdapter(5)) {
      TrainingReport report = new Trainer(backbone, adapter, settings(3, null), ProgressReporter.silent())
          .train(train, dev);
      List<TrainingReport.Epoch> epochs = report.epochs();
      assertEquals(3, epochs.size());
      assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss() * 0.9,
          "train loss should fall: " + epochs);
      assertTrue(epochs.get(2).devLoss() < epochs.get(0).devLoss(), "dev loss should fall: " + epochs);
    }
  }

  @Test
  void trainsOnAThreadOtherThanTheOneThatStartedTheEngine() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread thread = new Thread(() -> {
      try (TenantAdapter adapter = newAdapter(9)) {
        new Trainer(backbone, adapter, settings(1, null), ProgressReporter.silent()).train(train, dev);
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    thread.start();
    thread.join();
    assertEquals(null, failure.get(), "a fresh thread has PyTorch's grad mode on until the trainer turns it off");
  }

  @Test
  void bilevelModeTrainsToo() {
    try (TenantAdapter adapter = newAdapter(6)) {
      TrainingSettings bilevel = new TrainingSettings(2, 16, 5e-3f, 5e-4f, TrainingSettings.RationalMode.BILEVEL,
          0.01f, 0.1f, 0f, 1f, TrainingSettings.LayerWeighting.UNIFORM, 0.5f, 2, 11, 0, 0, null, 5);
      float before = adapter.parameters().get("layers.0.generator.rational.numerator").toFloatArray()[1];
      TrainingReport report = new Trainer(backbone, adapter, bilevel, ProgressReporter.silent()).train(train, dev);
      float after = adapter.parameters().get("layers.0.generator.rational.numerator").toFloatArray()[1];
      assertTrue(report.epochs().get(1).trainLoss() < report.epochs().get(0).trainLoss(), report.epochs().toString());
      assertTrue(before != after, "bi-level steps update the rational coefficients");
    }
  }

  @Test
  void theLossWeighsExitsAndBlendsTheLastExitIntoEarlierTargets() {
    try (NDManager manager = backbone.encoder().manager().newSubManager()) {
      float[][] first = {{0.5f, -1f}};
      float[][] last = {{2f, -0.5f}};
      float[] gold = {1f, 0f};
      NDArray labels = manager.create(new float[][] {gold});
      NDArray lastLogits = manager.create(last);
      lastLogits.setRequiresGradient(true);
      List<NDArray> logits = List.of(manager.create(first), lastLogits);
      double lastBce = bce(last[0], gold);
      assertEquals((1 * bce(first[0], gold) + 2 * lastBce) / 3,
          Trainer.weightedLoss(logits, labels, TrainingSettings.LayerWeighting.LINEAR, 0f).getFloat(), 1e-6,
          "linear: exit l weighs l");
      float[] blended = new float[2];
      for (int j = 0; j < 2; j++) {
        blended[j] = (float) (0.7 * gold[j] + 0.3 / (1 + Math.exp(-last[0][j])));
      }
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Trainer.weightedLoss(logits, labels, TrainingSettings.LayerWeighting.UNIFORM, 0.3f);
        assertEquals((bce(first[0], blended) + lastBce) / 2, loss.getFloat(), 1e-6,
            "uniform, early exit scored against gold blended with the last exit");
        collector.backward(loss);
      }
      // the distillation target is detached: the last exit learns from gold only, d/dz = (sigmoid(z) - y) / 2 / 2
      float[] gradient = lastLogits.getGradient().toFloatArray();
      for (int j = 0; j < 2; j++) {
        assertEquals((1 / (1 + Math.exp(-last[0][j])) - gold[j]) / 4, gradient[j], 1e-6, "label " + j);
      }
    }
  }

  private static double bce(float[] logits, float[] targets) {
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      double p = 1 / (1 + Math.exp(-logits[j]));
      sum -= targets[j] * Math.log(p) + (1 - targets[j]) * Math.log(1 - p);
    }
    return sum / logits.length;
  }

  @Test
  void aRunKilledAfterAnEpochResumesToTheSameWeights(@TempDir Path dir) {
    Map<String, float[]> uninterrupted;
    try (TenantAdapter adapter = newAdapter(8)) {
      new Trainer(backbone, adapter, settings(2, null), ProgressReporter.silent()).train(train, dev);
      uninterrupted = snapshot(adapter);
    }
    Path checkpoints = dir.resolve("checkpoints");
    ProgressReporter crashInSecondEpoch = new ProgressReporter(null, false) {
      @Override
      public void startEpoch(int epoch, int epochs, int steps, int firstStep) {
        if (epoch == 2) {
          throw new IllegalStateException("simulated crash");
        }
      }

      @Override
      public void step(int step, double loss) {}

      @Override
      public void endEpoch(int epoch, double trainLoss, double devLoss, double macroF1, double microF1,
          boolean improved) {}
    };
    try (TenantAdapter adapter = newAdapter(8)) {
      Trainer trainer = new Trainer(backbone, adapter, settings(2, checkpoints), crashInSecondEpoch);
      assertThrows(IllegalStateException.class, () -> trainer.train(train, dev));
    }
    assertTrue(Files.exists(checkpoints.resolve("emotions").resolve("state.json")));
    try (TenantAdapter adapter = newAdapter(99)) { // another init: everything must come from the checkpoint
      new Trainer(backbone, adapter, settings(2, checkpoints), ProgressReporter.silent()).train(train, dev);
      Map<String, float[]> resumed = snapshot(adapter);
      assertEquals(uninterrupted.keySet(), resumed.keySet());
      uninterrupted.forEach((name, expected) -> assertArrayEquals(expected, resumed.get(name), 1e-5f, name));
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesThroughFrozenLayers() {
    try (TenantAdapter adapter = newAdapter(12);
        NDManager manager = backbone.encoder().manager().newSubManager()) {
      for (NDArray parameter : adapter.parameters().values()) {
        parameter.setRequiresGradient(true);
      }
      Trainer trainer = new Trainer(backbone, adapter, settings(1, null), ProgressReporter.silent());
      TokenBatch tokens = backbone.tokenizer().encode(train.texts().subList(0, 6), null);
      float[][] y = new float[6][];
      for (int i = 0; i < 6; i++) {
        y[i] = train.labelMatrix()[i];
      }
      NDArray labels = manager.create(y);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(Trainer.weightedLoss(trainer.forward(tokens, manager, false), labels,
            TrainingSettings.LayerWeighting.LINEAR, 0f));
      }
      // generator weights at the bottom (their effect crosses 4 frozen layers), a rational coefficient, a head.
      // Not the pooling queries: at initialisation their gradient is a product of two small factors (about 1e-7
      // here, against 1e-4 for the rest), below what float32 finite differences resolve; Adam rescales it in
      // training.
      for (String name : List.of("layers.0.generator.down.weight", "layers.0.generator.up.weight",
          "layers.1.generator.rational.numerator", "layers.2.generator.up.bias", "layers.3.head.weight")) {
        NDArray parameter = adapter.parameters().get(name);
        float[] gradient = parameter.getGradient().toFloatArray();
        int entry = argMaxAbs(gradient);
        float[] values = parameter.toFloatArray();
        double h = 1e-2 * Math.max(1, Math.abs(values[entry]));
        double numeric = (lossWith(trainer, tokens, labels, parameter, values, entry, h, manager)
            - lossWith(trainer, tokens, labels, parameter, values, entry, -h, manager)) / (2 * h);
        parameter.set(values);
        double analytic = gradient[entry];
        assertTrue(Math.abs(analytic) > 1e-6, name + " gradient vanished");
        assertEquals(analytic, numeric, 2e-2 * Math.abs(analytic) + 1e-5, name + " entry " + entry);
      }
      for (NDArray parameter : adapter.parameters().values()) {
        parameter.setRequiresGradient(false);
      }
    }
  }

  private static double lossWith(Trainer trainer, TokenBatch tokens, NDArray labels, NDArray parameter,
      float[] values, int entry, double delta, NDManager parent) {
    float[] changed = values.clone();
    changed[entry] += (float) delta;
    parameter.set(changed);
    try (NDManager scratch = parent.newSubManager()) {
      return Trainer.weightedLoss(trainer.forward(tokens, scratch, false), labels,
          TrainingSettings.LayerWeighting.LINEAR, 0f).getFloat();
    }
  }

  private static int argMaxAbs(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i]) > Math.abs(values[best])) {
        best = i;
      }
    }
    return best;
  }

  private static Map<String, float[]> snapshot(TenantAdapter adapter) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    adapter.parameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
