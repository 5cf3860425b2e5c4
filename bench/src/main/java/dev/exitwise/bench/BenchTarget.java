package dev.exitwise.bench;

import java.util.Locale;

/**
 * The benchmark's targets, each declared once with its bound; the targets table prints the bound next to what a
 * run measured, and docs/benchmarks.md says why each one matters.
 */
enum BenchTarget {
  /** Events/s of the calibrated F-PABEE point over DJL full depth, at {@link #BATCH}. */
  SPEEDUP_VS_FULL_DEPTH("F-PABEE (calibrated) events/s over full depth, batch " + BenchTarget.BATCH, Unit.RATIO,
      true, 2.0),
  /** The same over ONNX Runtime running the bare backbone's fp32 file at full depth. */
  SPEEDUP_VS_ORT("F-PABEE (calibrated) events/s over ONNX Runtime fp32 full depth, batch " + BenchTarget.BATCH,
      Unit.RATIO, true, 2.0),
  /** The same over ONNX Runtime running the int8 file: the fastest peer a user would pick. */
  SPEEDUP_VS_ORT_INT8("F-PABEE (calibrated) events/s over ONNX Runtime int8 full depth, batch " + BenchTarget.BATCH,
      Unit.RATIO, true, 2.0),
  /** The same at {@link #SMALL_BATCH}, where a stream at moderate load batches: early exit must still pay there. */
  SPEEDUP_VS_ORT_INT8_SMALL_BATCH("F-PABEE (calibrated) events/s over ONNX Runtime int8 full depth, batch "
      + BenchTarget.SMALL_BATCH, Unit.RATIO, true, 1.0),
  /**
   * Exitwise full depth's time per event over ONNX Runtime fp32's at batch 1, where per-operator overhead shows:
   * the same encoder must not cost much more than the standard runtime's.
   */
  FULL_DEPTH_TIME_VS_ORT_BATCH_1("full depth's time per event over ONNX Runtime fp32's, batch 1", Unit.RATIO,
      false, 1.5),
  /** Macro-F1 points the calibrated point may lose against full depth. */
  MACRO_F1_DROP("macro-F1 drop of F-PABEE (calibrated) from full depth", Unit.POINTS, false, 1.0),
  /** The whole pipeline's steady events/s over the classifier's own on the same texts. */
  PIPELINE_SHARE("pipeline events/s over the classifier's", Unit.SHARE, true, 0.90),
  /** Time compaction loses, as a share of the ideal saving of depth-proportional cost. */
  COMPACTION_OVERHEAD("compaction overhead, share of the ideal saving", Unit.SHARE, false, 0.10),
  /** Wall time of {@code bench all}. */
  WHOLE_RUN("whole benchmark, minutes", Unit.MINUTES, false, 15);

  /** The batch size the throughput targets are stated at. */
  static final int BATCH = 32;
  /** The small batch of {@link #SPEEDUP_VS_ORT_INT8_SMALL_BATCH}. */
  static final int SMALL_BATCH = 8;

  /** How a value of the target prints. */
  enum Unit {
    RATIO, POINTS, SHARE, MINUTES;

    String format(double value) {
      return switch (this) {
        case RATIO -> String.format(Locale.ROOT, "%.2fx", value);
        case POINTS -> String.format(Locale.ROOT, "%.2f points", value);
        case SHARE -> String.format(Locale.ROOT, "%.1f %%", 100 * value);
        case MINUTES -> String.format(Locale.ROOT, "%.1f min", value);
      };
    }
  }

  private final String description;
  private final Unit unit;
  private final boolean atLeast;
  private final double bound;

  BenchTarget(String description, Unit unit, boolean atLeast, double bound) {
    this.description = description;
    this.unit = unit;
    this.atLeast = atLeast;
    this.bound = bound;
  }

  /** What is measured. */
  String description() {
    return description;
  }

  /** The bound as a number, in the unit's own scale (2.0 for 2x, 0.9 for 90 %). */
  double bound() {
    return bound;
  }

  /** The bound as printed: {@code >= 2.00x}, {@code <= 1.00 points}. */
  String boundText() {
    return (atLeast ? ">= " : "<= ") + unit.format(bound);
  }

  /** A measured value as printed. */
  String format(double value) {
    return unit.format(value);
  }

  /** Whether {@code measured} meets the target. */
  boolean met(double measured) {
    return atLeast ? measured >= bound : measured <= bound;
  }
}
