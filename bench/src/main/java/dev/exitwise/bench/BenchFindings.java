package dev.exitwise.bench;

import static dev.exitwise.bench.BenchMarkdown.COMPACTION_SHARE;
import static dev.exitwise.bench.BenchMarkdown.MACRO_F1_POINTS;
import static dev.exitwise.bench.BenchMarkdown.PIPELINE_SHARE;
import static dev.exitwise.bench.BenchMarkdown.SPEEDUP_TARGET;
import static dev.exitwise.bench.BenchMarkdown.TARGET_BATCH;
import static dev.exitwise.bench.BenchMarkdown.calibratedPoint;
import static dev.exitwise.bench.BenchMarkdown.percent;
import static dev.exitwise.bench.BenchMarkdown.row;

import dev.exitwise.bench.model.BatchProfile;
import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.bench.model.CompactionBench;
import dev.exitwise.model.eval.PairedBootstrap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "What the numbers say" section of docs/benchmarks.md: for each target, where the measured number comes from,
 * how far it can be trusted, and, where it is missed, what would close it. {@link BenchMarkdown} lays out the rest
 * of the document and owns the targets.
 */
final class BenchFindings {
  private BenchFindings() {}

  /** The section, or "" when the run measured nothing it has a finding about. */
  static String section(BenchRun run) {
    List<String> notes = new ArrayList<>();
    ClassifierBench.Result c = run.classifier();
    BatchProfile p = run.profile();
    if (c != null) {
      Optional<BenchRow> point = calibratedPoint(c);
      Optional<BenchRow> full = row(c, "full", TARGET_BATCH, BenchTenants.PRIMARY);
      if (point.isPresent() && full.isPresent() && point.get().speedupVsFullDepth() != null) {
        BenchRow fp = point.get();
        double bound = c.layerCount() / fp.meanExitLayer();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "**F-PABEE against full depth: %.2fx.** The"
            + " calibrated point leaves at mean layer %.2f of %d, so a cost exactly proportional to depth would"
            + " give %.2fx; the engine reaches %.0f %% of that.", fp.speedupVsFullDepth(), fp.meanExitLayer(),
            c.layerCount(), bound, 100 * fp.speedupVsFullDepth() / bound));
        if (bound < SPEEDUP_TARGET) {
          s.append(" The exit depth, not the engine, sets the limit: at this calibration no engine could reach 2x.");
          firstSweepPoint(c, full.get(), SPEEDUP_TARGET).ifPresentOrElse(r -> s.append(String.format(Locale.ROOT,
              " In the sweep, the first threshold that reaches 2x is `%s` (%.2fx) at %+.2f macro-F1 points;"
              + " the calibration (on dev) judged that too costly.", r.policy(), r.speedupVsFullDepth(),
              100 * (r.macroF1() - full.get().macroF1()))), () -> s.append(" No threshold in the sweep reaches"
              + " 2x at this patience."));
          fastestWithin(c, full.get(), MACRO_F1_POINTS).ifPresent(r -> s.append(String.format(Locale.ROOT,
              " The earliest-exiting sweep point within 1 macro-F1 point of full depth on these test rows is `%s`:"
              + " %.2fx (%+.2f points).", r.policy(), r.speedupVsFullDepth(),
              100 * (r.macroF1() - full.get().macroF1()))));
          s.append(" Closing it needs adapters whose early exits agree sooner (more training, or training the"
              + " exits jointly at higher weight), or a lower patience, both judged on dev macro-F1.");
        }
        if (p != null) {
          s.append(String.format(Locale.ROOT, " Work that no exit saves: tokenisation %.0f %% of a full-depth"
              + " batch; the rest is the embeddings and per-batch set-up (see the compaction intercept).",
              100 * p.tokenizeMillis() / p.fullDepthMillis()));
        }
        notes.add(s.toString());
        if (fp.speedupVsOrt() != null) {
          BenchRow ort = c.rows().stream().filter(r -> r.engine().equals("ORT") && r.batchSize() == TARGET_BATCH)
              .findFirst().orElseThrow();
          double fullOverOrt = full.get().eventsPerSecond() / ort.eventsPerSecond();
          StringBuilder o = new StringBuilder(String.format(Locale.ROOT, "**F-PABEE against ONNX Runtime: %.2fx"
              + "** = %.2fx (early exit) × %.2f (exitwise full depth over ONNX Runtime full depth).",
              fp.speedupVsOrt(), fp.speedupVsFullDepth(), fullOverOrt));
          if (p != null && !Double.isNaN(p.ortMillis())) {
            o.append(String.format(Locale.ROOT, " At full depth exitwise spends %.1f ms a batch on the bare"
                + " encoder, where ONNX Runtime spends %.1f ms (%.2fx), plus %.1f ms on soft prompts, exit heads and"
                + " per-layer decisions (%.0f %% of its full-depth time) and %.1f ms tokenising, which the ORT rows"
                + " pay too. Most of the difference is padding: %.0f %% of ONNX Runtime's token slots are padding,"
                + " which exitwise's packed layers skip.", p.bareEncoderMillis(), p.ortMillis(),
                p.bareEncoderMillis() / p.ortMillis(), p.adapterMillis(), 100 * p.adapterMillis() / p.fullDepthMillis(),
                p.tokenizeMillis(), 100 * p.paddingShare()));
          }
          if (fp.speedupVsOrt() < SPEEDUP_TARGET) {
            o.append(" What would close it: a faster full-depth engine (fused attention and GELU kernels, or the"
                + " frozen layers exported to TorchScript/ONNX with the prompts as extra key/value inputs), cheaper"
                + " adapters (one matmul for all four prompt queries, heads only where a policy reads them), and"
                + " earlier exits as above.");
          }
          notes.add(o.toString());
        }
        QualityCheck quality = run.quality();
        if (quality != null) {
          notes.add(qualityNote(quality, fp, full.get()));
        } else if (fp.macroF1() != null) {
          double drop = 100 * (full.get().macroF1() - fp.macroF1());
          notes.add(String.format(Locale.ROOT, "**Quality:** macro-F1 %.4f at the calibrated point against %.4f at"
              + " full depth (%+.2f points) on these test rows%s.", fp.macroF1(), full.get().macroF1(), -drop,
              drop > MACRO_F1_POINTS ? "; the point was chosen on dev and does not transfer within 1 point" : ""));
        }
      }
    }
    CompactionBench.Result comp = run.compaction();
    if (comp != null && comp.overheadShareOfSaving() > COMPACTION_SHARE) {
      notes.add(String.format(Locale.ROOT, "**Compaction: %.1f %% of the ideal saving lost** (target: at most 10 %%;"
          + " measured / ideal %.3f, or %.3f against the ideal that allows for the depth-independent cost). The"
          + " survivors of a batch run in ever smaller batches, which cost more per row; see the Compaction section.",
          100 * comp.overheadShareOfSaving(), comp.compactedOverIdeal(),
          comp.compactedMillis() / comp.affineIdealMillis()));
    }
    if (run.pipeline() != null) {
      PipelineBench.Result pipe = run.pipeline();
      notes.add(pipelineNote(pipe, run.pipelineVariants(), run.atStart().processors()));
    }
    if (notes.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## What the numbers say\n\n");
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    return md.append('\n').toString();
  }

  private static String pipelineNote(PipelineBench.Result pipe, List<PipelineBench.Result> variants,
      int processors) {
    StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "**Pipeline: %.0f %% of the classifier's"
        + " events/s.** During the steady parts the Streams thread was blocked on Kafka %.1f %% of the time, %.1f %%"
        + " of it in exactly-once commits (%d of %.1f ms each, one every 100 ms by default), while the model thread"
        + " went on with the next batch. The process spends %.2f ms of CPU per event against the classifier's %.2f"
        + " ms: the broker, this benchmark's producer and reader, and the Streams thread's serdes, changelogged"
        + " buffer and transactions share the same %d cores with the model (a deployed service has its broker"
        + " elsewhere).", 100 * pipe.pipelineOverClassifier(), 100 * pipe.blockedShare(), 100 * pipe.commitShare(),
        pipe.commits(), pipe.commitMillis(), pipe.pipelineCpuMillisPerEvent(), pipe.classifierCpuMillisPerEvent(),
        processors));
    if (pipe.pipelineOverClassifier() < PIPELINE_SHARE) {
      note.append(" What would close it: a longer `commit.interval.ms` (fewer, larger transactions; it trades output"
          + " latency), the broker on other cores, and larger micro-batches.");
    }
    for (PipelineBench.Result variant : variants) {
      note.append(String.format(Locale.ROOT, " Measured in the same run with `%s`: %.1f events/s, %s of the"
          + " classifier.", variant.overrides(), variant.pipelineEventsPerSecond(),
          percent(variant.pipelineOverClassifier())));
    }
    return note.toString();
  }

  /** The whole-split quality check, how sure it is, and what would close a miss. */
  static String qualityNote(QualityCheck quality, BenchRow timedPoint, BenchRow timedFull) {
    PairedBootstrap interval = quality.interval();
    double drop = quality.dropPoints();
    StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "**Quality:** on all %,d GoEmotions test"
        + " rows, macro-F1 %.4f at the calibrated point (mean exit layer %.2f) against %.4f at full depth (%+.2f"
        + " points). A paired bootstrap over those rows (%,d resamples) puts the drop between %.2f and %.2f points"
        + " (95 %%; standard error %.2f points): %s. Most of that spread is the rare labels: GoEmotions' grief has"
        + " six test positives, and one of them found or missed moves grief's F1 by 0.1 to 0.15 and a 28-label"
        + " macro-F1 by 0.4 to 0.5 points.", quality.rows(),
        quality.policyMacroF1(), quality.meanExitLayer(), quality.fullDepthMacroF1(), -drop, interval.resamples(),
        interval.lowerPoints(), interval.upperPoints(), interval.standardErrorPoints(), verdict(interval)));
    if (timedPoint.macroF1() != null && timedFull.macroF1() != null) {
      note.append(String.format(Locale.ROOT, " On the %,d rows timed above the difference is %+.2f points; so few"
          + " rows say even less, which is why the target is judged on the whole split.", timedPoint.rows(),
          100 * (timedPoint.macroF1() - timedFull.macroF1())));
    }
    if (drop > MACRO_F1_POINTS) {
      // the standard error shrinks with the square root of the rows
      double rowsForQuarterPoint = quality.rows() * Math.pow(interval.standardErrorPoints() / 0.25, 2);
      note.append(String.format(Locale.ROOT, " The point was chosen on dev, where it cost less; on test it lost"
          + " more%s. What would close it: exits around layer %.0f, where this point leaves its rows, that score"
          + " nearer the last exit, which is a training matter (docs/results.md). Telling a 1-point drop from a"
          + " 1.5-point one on this metric takes a standard error near a quarter of a point, about %,d rows at this"
          + " spread.", interval.contains(MACRO_F1_POINTS) ? ", within the noise above" : "", quality.meanExitLayer(),
          Math.round(rowsForQuarterPoint / 1000) * 1000));
    }
    return note.toString();
  }

  private static String verdict(PairedBootstrap interval) {
    if (interval.lowerPoints() > MACRO_F1_POINTS) {
      return "the drop is larger than 1 point beyond this split's noise";
    }
    if (interval.upperPoints() <= MACRO_F1_POINTS) {
      return "the drop is within 1 point beyond this split's noise";
    }
    return interval.contains(0) ? "this split cannot tell the drop from 1 point, nor from no drop at all"
        : "this split cannot tell the drop from 1 point";
  }

  private static Optional<BenchRow> firstSweepPoint(ClassifierBench.Result c, BenchRow full, double speedup) {
    return c.rows().stream().filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.family().equals("F-PABEE")
            && r.batchSize() == TARGET_BATCH && r.speedupVsFullDepth() != null && r.speedupVsFullDepth() >= speedup)
        .max(Comparator.comparingDouble(BenchRow::meanExitLayer));
  }

  private static Optional<BenchRow> fastestWithin(ClassifierBench.Result c, BenchRow full, double points) {
    return c.rows().stream().filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.family().equals("F-PABEE")
            && r.batchSize() == TARGET_BATCH && r.macroF1() != null && r.speedupVsFullDepth() != null
            && 100 * (full.macroF1() - r.macroF1()) <= points)
        .min(Comparator.comparingDouble(BenchRow::meanExitLayer));
  }
}
