package dev.exitwise.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.exitwise.model.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * PyTorch accumulates gradients; the trainer zeroes them after every step. Two ways to get that wrong both cost
 * us a training run: subtracting the gradient from itself keeps NaN forever, and {@code set(float[])} rebinds the
 * gradient to a buffer that dies with its wrapper, so later backward passes write into freed memory.
 */
class GradientZeroingTest {

  @Test
  void zeroedGradientsStartFreshEvenAfterNaN() {
    DjlRuntime.configure(null);
    try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
      NDArray parameter = manager.create(new float[] {1f, 2f, 3f});
      parameter.setRequiresGradient(true);
      backward(parameter, Float.NaN, manager); // a step that overflowed
      for (int step = 0; step < 50; step++) {
        try (NDManager scratch = manager.newSubManager()) {
          NDArray gradient = parameter.getGradient();
          gradient.attach(scratch);
          Trainer.zero(gradient);
        } // the wrapper dies here, as it does at the end of every training step
        System.gc();
        backward(parameter, 2f, manager);
        try (NDManager scratch = manager.newSubManager()) {
          NDArray gradient = parameter.getGradient();
          gradient.attach(scratch);
          assertArrayEquals(new float[] {2f, 2f, 2f}, gradient.toFloatArray(), "step " + step);
        }
      }
    }
  }

  @Test
  void overwrittenParametersKeepTheirValuesAndStillTrain() {
    DjlRuntime.configure(null);
    try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
      NDArray parameter = manager.create(new float[][] {{1f, 2f}, {3f, 4f}});
      Trainer.overwrite(parameter, new float[] {5f, 6f, 7f, 8f});
      System.gc(); // the scratch copy is gone; the parameter must not depend on it
      assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, parameter.toFloatArray());
      parameter.setRequiresGradient(true);
      backward(parameter, 2f, manager);
      try (NDManager scratch = manager.newSubManager()) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(scratch);
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, gradient.toFloatArray());
      }
    }
  }

  private static void backward(NDArray parameter, float factor, NDManager manager) {
    try (NDManager scratch = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(parameter.mul(scratch.create(factor)).sum());
    }
  }
}
