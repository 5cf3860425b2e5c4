package dev.exitwise.bench;

import dev.exitwise.bench.model.BatchProfile;
import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.bench.model.CompactionBench;
import dev.exitwise.model.eval.PairedBootstrap;
import dev.exitwise.model.eval.TextTable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link BenchRun} as {@code docs/benchmarks.md} and as the "Compaction" and "Pipeline" sections of
 * {@code docs/performance.md}. Every number comes from the run; the explanations of missed targets are derived
 * from the run's own profile.
 */
final class BenchMarkdown {
  /** Issue 8: the calibrated F-PABEE point against full depth and ONNX Runtime at batch 32. */
  static final double SPEEDUP_TARGET = 2.0;
  /** Issue 8: macro-F1 loss allowed at the calibrated point, in points. */
  static final double MACRO_F1_POINTS = 1.0;
  /** Issue 8 and 6: the pipeline keeps this share of the classifier's throughput. */
  static final double PIPELINE_SHARE = 0.90;
  /** Issue 4: compaction may cost this share of the ideal saving. */
  static final double COMPACTION_SHARE = 0.10;
  /** Issue 8: the whole benchmark's time limit. */
  static final double SECONDS_LIMIT = 15 * 60;
  /** The batch size the targets are stated at. */
  static final int TARGET_BATCH = 32;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private BenchMarkdown() {}

  /** The whole of {@code docs/benchmarks.md}. */
  static String benchmarks(BenchRun run, String imageFolder) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Written by `exitwise bench all`; every number below comes from one run of it, in one process, with"
        + " the configurations interleaved so that drift in machine load hits all of them alike. Rerun the"
        + " command to refresh this page (hand edits are overwritten).\n\n");
    md.append(runSection(run));
    md.append(targetsSection(run));
    if (run.classifier() != null) {
      md.append(classifierSection(run.classifier()));
    }
    if (run.profile() != null) {
      md.append(profileSection(run.profile()));
    }
    if (run.compaction() != null) {
      md.append("## Compaction (issue 4)\n\n").append(compactionBody(run.compaction(), run.classifier()))
          .append('\n');
    }
    if (run.pipeline() != null) {
      md.append("## Pipeline (through the broker)\n\n").append(pipelineBody(run.pipeline(), run.pipelineVariants()))
          .append('\n');
    }
    md.append(BenchFindings.section(run));
    if (imageFolder != null && run.classifier() != null) {
      md.append("## Plots\n\n");
      md.append("![events/s against mean exit layer](").append(imageFolder).append('/')
          .append(BenchPlots.THROUGHPUT_PNG).append(")\n\n");
      md.append("![macro-F1 against events/s](").append(imageFolder).append('/').append(BenchPlots.QUALITY_PNG)
          .append(")\n");
    }
    return md.toString();
  }

  private static String runSection(BenchRun run) {
    StringBuilder md = new StringBuilder("## The run\n\n");
    MachineInfo start = run.atStart();
    md.append("- Date: ").append(DATE.format(start.at())).append('\n');
    md.append("- Command: `").append(run.command()).append("`\n");
    md.append("- Model: `").append(run.modelVersion()).append("`, DJL on ").append(run.device())
        .append(String.format(Locale.ROOT, ", %d PyTorch intra-op threads (1 inter-op); ONNX Runtime %d intra-op"
            + " threads, sequential, all graph optimisations\n", run.threads(), run.threads()));
    md.append("- Machine: ").append(start.describe()).append('\n');
    String omp = run.openMp().get("OMP_WAIT_POLICY");
    String spin = run.openMp().get("GOMP_SPINCOUNT");
    md.append("- `OMP_WAIT_POLICY`: ").append(omp == null ? "unset" : "`" + omp + "`")
        .append(", `GOMP_SPINCOUNT`: ").append(spin == null ? "unset" : "`" + spin + "`")
        .append(omp == null && spin == null ? " (libgomp's default: idle PyTorch threads spin for a long time)" : "")
        .append('\n');
    md.append("- Load average (1, 5, 15 min): ").append(start.loadAverage()).append(" at the start, ")
        .append(run.atEnd().loadAverage()).append(" at the end\n");
    md.append(String.format(Locale.ROOT, "- Duration: %.0f s (%.1f min)%n", run.seconds(), run.seconds() / 60));
    md.append("- GPU: ").append(run.device().startsWith("gpu")
        ? "this run measured the GPU named above."
        : "no GPU numbers: this run used the CPU, and none was measured on a GPU. `--device gpu` selects the"
            + " first GPU where DJL finds one (it needs DJL's CUDA PyTorch natives on the class path).")
        .append("\n\n");
    return md.toString();
  }

  /** The Done-when lines of issues 8, 4 and 6 with this run's numbers. */
  static String targetsSection(BenchRun run) {
    TextTable.Builder table = TextTable.builder("target", "measured", "met");
    ClassifierBench.Result c = run.classifier();
    if (c != null) {
      Optional<BenchRow> point = calibratedPoint(c);
      Optional<BenchRow> full = row(c, "full", TARGET_BATCH, BenchTenants.PRIMARY);
      if (point.isPresent()) {
        BenchRow p = point.get();
        table.row("F-PABEE (calibrated) >= 2.0x full depth, batch 32", ratio(p.speedupVsFullDepth()),
            met(p.speedupVsFullDepth() != null && p.speedupVsFullDepth() >= SPEEDUP_TARGET,
                p.speedupVsFullDepth(), SPEEDUP_TARGET));
        table.row("F-PABEE (calibrated) >= 2.0x ONNX Runtime full depth, batch 32",
            p.speedupVsOrt() == null ? "not measured" : ratio(p.speedupVsOrt()),
            p.speedupVsOrt() == null ? "n/a" : met(p.speedupVsOrt() >= SPEEDUP_TARGET, p.speedupVsOrt(),
                SPEEDUP_TARGET));
        QualityCheck quality = run.quality();
        if (quality != null) {
          double drop = quality.dropPoints();
          String onBenchRows = full.isPresent() && p.macroF1() != null ? String.format(Locale.ROOT,
              " (%s on the %,d rows timed above)", pointsBelow(100 * (full.get().macroF1() - p.macroF1())),
              p.rows()) : "";
          PairedBootstrap interval = quality.interval();
          table.row("macro-F1 within 1 point of full depth", String.format(Locale.ROOT,
              "%s on all %,d test rows (95 %% interval of the drop: %s)%s", pointsBelow(drop), quality.rows(),
              interval.rangeText(), onBenchRows),
              qualityMet(drop) + (drop > MACRO_F1_POINTS && interval.contains(MACRO_F1_POINTS)
                  ? " (1 point is inside the interval)" : ""));
        } else if (full.isPresent() && p.macroF1() != null) {
          double drop = 100 * (full.get().macroF1() - p.macroF1());
          table.row("macro-F1 within 1 point of full depth", pointsBelow(drop) + " on the rows timed above",
              qualityMet(drop));
        }
      }
    }
    PipelineBench.Result pipe = run.pipeline();
    if (pipe != null) {
      double share = pipe.pipelineOverClassifier();
      table.row("pipeline >= 90 % of the classifier's events/s", percent(share),
          share >= PIPELINE_SHARE ? "yes" : String.format(Locale.ROOT, "no, by %.1f points",
              100 * (PIPELINE_SHARE - share)));
    }
    CompactionBench.Result comp = run.compaction();
    if (comp != null) {
      double share = comp.overheadShareOfSaving();
      table.row("compaction overhead <= 10 % of the ideal saving (issue 4)", percent(share),
          share <= COMPACTION_SHARE ? "yes" : String.format(Locale.ROOT, "no, by %.1f points",
              100 * (share - COMPACTION_SHARE)));
    }
    if (c != null && run.compaction() != null && run.pipeline() != null) {
      table.row("whole benchmark < 15 min on this machine", String.format(Locale.ROOT, "%.1f min",
          run.seconds() / 60), run.seconds() < SECONDS_LIMIT ? "yes" : "no");
    }
    table.row("GPU numbers only where measured", run.device().startsWith("gpu") ? "measured" : "none reported",
        "yes");
    return "## Targets\n\n" + table.build().markdown() + "\n";
  }

  private static String classifierSection(ClassifierBench.Result c) {
    StringBuilder md = new StringBuilder("## Classifier\n\n");
    int rows = c.rows().stream().filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.batchSize() > 1)
        .mapToInt(BenchRow::rows).max().orElse(0);
    md.append(String.format(Locale.ROOT, "The first %d GoEmotions test texts in file order (their real lengths;"
        + " each batch padded to its longest row), tenant `emotions`. Batch size 1, by far the slowest, runs a subset"
        + " of the rows (every fourth chunk of 64 in a full run); its rows column says how many. Latency is per batch. \"vs full\""
        + " and \"vs ORT\" are events/s over DJL full depth's and ONNX Runtime's at the same batch size in this"
        + " run. The ORT rows time our tokenizer plus ONNX Runtime's forward pass of the bare BGE-small encoder"
        + " (ONNX Runtime cannot run exitwise's soft prompts and exit heads; a user's fine-tuned classifier there"
        + " would add a negligible linear head), so they have no macro-F1. Calibrated F-PABEE: `%s`; calibrated"
        + " PABEE: `%s`%s.%n%n", rows, c.fpabeePolicy(), c.pabeePolicy(), c.pabeeNote()));
    TextTable.Builder table = TextTable.builder("batch", "policy", "rows", "mean exit layer", "events/s",
        "p50 ms", "p99 ms", "vs full", "vs ORT", "macro-F1");
    c.rows().stream()
        .filter(r -> r.workload().equals(BenchTenants.PRIMARY) && (!r.family().equals("F-PABEE")
            || r.policy().equals(c.fpabeePolicy())))
        .sorted(Comparator.comparingInt(BenchRow::batchSize))
        .forEach(r -> table.row(r.batchSize(), r.policy(), r.rows(), TextTable.fixed(r.meanExitLayer(), 2),
            TextTable.fixed(r.eventsPerSecond(), 1), millis(r.p50Micros()), millis(r.p99Micros()),
            ratio(r.speedupVsFullDepth()), ratio(r.speedupVsOrt()), f1(r.macroF1())));
    md.append(table.build().markdown()).append('\n');

    List<BenchRow> sweep = c.rows().stream()
        .filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.family().equals("F-PABEE"))
        .filter(r -> r.batchSize() == TARGET_BATCH)
        .sorted(Comparator.comparingDouble(BenchRow::meanExitLayer)).toList();
    Optional<BenchRow> full = row(c, "full", TARGET_BATCH, BenchTenants.PRIMARY);
    if (sweep.size() > 1 && full.isPresent()) {
      md.append("### F-PABEE threshold sweep (batch 32, calibrated patience)\n\n");
      TextTable.Builder t = TextTable.builder("policy", "mean exit layer", "events/s", "vs full", "vs ORT",
          "macro-F1", "macro-F1 change (points)");
      for (BenchRow r : sweep) {
        t.row(r.policy() + (r.policy().equals(c.fpabeePolicy()) ? " (calibrated)" : ""),
            TextTable.fixed(r.meanExitLayer(), 2), TextTable.fixed(r.eventsPerSecond(), 1),
            ratio(r.speedupVsFullDepth()), ratio(r.speedupVsOrt()), f1(r.macroF1()),
            String.format(Locale.ROOT, "%+.2f", 100 * (r.macroF1() - full.get().macroF1())));
      }
      md.append(t.build().markdown()).append('\n');
    }

    List<BenchRow> mixed = c.rows().stream()
        .filter(r -> r.workload().equals("mixed") || r.workload().equals("grouped")).toList();
    if (!mixed.isEmpty()) {
      md.append("### Mixed-tenant batches (batch 32)\n\n");
      md.append("The same rows, `emotions` (GoEmotions) and `hostility` (MLMA) test texts alternating: *mixed*"
          + " batches hold both tenants in arrival order (each row gathers its tenant's generator and head"
          + " weights); *grouped* batches hold one tenant each. `configured` is each tenant's own calibrated"
          + " policy.\n\n");
      TextTable.Builder t = TextTable.builder("policy", "batches", "rows", "mean exit layer", "events/s",
          "p50 ms", "p99 ms", "mixed vs grouped", "macro-F1 emotions", "macro-F1 hostility");
      for (BenchRow r : mixed) {
        BenchRow grouped = mixed.stream().filter(g -> g.workload().equals("grouped")
            && g.policy().equals(r.policy())).findFirst().orElse(r);
        Map<String, Double> byTenant = r.macroF1ByTenant() == null ? Map.of() : r.macroF1ByTenant();
        t.row(r.policy(), r.workload(), r.rows(), TextTable.fixed(r.meanExitLayer(), 2),
            TextTable.fixed(r.eventsPerSecond(), 1), millis(r.p50Micros()), millis(r.p99Micros()),
            r.workload().equals("mixed") ? ratio(r.eventsPerSecond() / grouped.eventsPerSecond()) : "-",
            f1(byTenant.get(BenchTenants.PRIMARY)), f1(byTenant.get(BenchTenants.SECOND)));
      }
      md.append(t.build().markdown()).append('\n');
    }
    return md.toString();
  }

  private static String profileSection(BatchProfile p) {
    StringBuilder md = new StringBuilder("## Where the time goes (batch " + p.batchSize() + ")\n\n");
    md.append(String.format(Locale.ROOT, "Mean per batch over %d rows, each stage run on every batch in rotating"
        + " order. Rows average %.1f tokens; batches are padded to %.1f, so %.0f %% of the token slots are"
        + " padding: exitwise's linear layers, layer norms and GELU skip them (its hidden states are packed, and only"
        + " attention runs on the padded grid); ONNX Runtime computes every slot.%n%n", p.rows(), p.meanTokens(), p.meanPaddedTokens(), 100 * p.paddingShare()));
    TextTable.Builder t = TextTable.builder("stage", "ms per batch", "share of full depth");
    t.row("tokenisation (HF tokenizers, padding)", TextTable.fixed(p.tokenizeMillis(), 2),
        percent(p.tokenizeMillis() / p.fullDepthMillis()));
    t.row("bare DJL encoder, all layers, packed tokens, no prompts or heads", TextTable.fixed(p.bareEncoderMillis(), 2),
        percent(p.bareEncoderMillis() / p.fullDepthMillis()));
    t.row("soft prompts, exit heads, per-layer exit decisions (the difference)",
        p.adapterMillis() < 0 ? "< 0 (within noise)" : TextTable.fixed(p.adapterMillis(), 2),
        p.adapterMillis() < 0 ? "-" : percent(p.adapterMillis() / p.fullDepthMillis()));
    t.row("exitwise full depth (all of the above)", TextTable.fixed(p.fullDepthMillis(), 2), "100 %");
    t.row("exitwise, configured policy", TextTable.fixed(p.configuredMillis(), 2),
        percent(p.configuredMillis() / p.fullDepthMillis()));
    if (!Double.isNaN(p.ortMillis())) {
      t.row("ONNX Runtime encoder (same padded tokens, no tokenisation)", TextTable.fixed(p.ortMillis(), 2),
          percent(p.ortMillis() / p.fullDepthMillis()));
    }
    md.append(t.build().markdown()).append('\n');
    return md.toString();
  }

  /**
   * The body of the "Compaction" section (no heading).
   *
   * @param classifier the same run's classifier results (for small-batch efficiency), or null
   */
  static String compactionBody(CompactionBench.Result r, ClassifierBench.Result classifier) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Rows leave at known layers: four tenant slots share the trained"
        + " `emotions` adapter with the policies static(%d), static(%d), static(%d) and static(%d), and row *i* of"
        + " every batch uses slot *i* mod 4, so each batch of %d loses a quarter of its rows at each of those"
        + " layers (mean exit layer %.2f of %d) and is compacted three times. The reference runs the same engine,"
        + " slots and rows at full depth. %d GoEmotions test texts, %d times over, the batches of all"
        + " configurations interleaved.%n%n", r.exitLayers()[0], r.exitLayers()[1], r.exitLayers()[2],
        r.exitLayers()[3], r.batchSize(), r.meanExitLayer(), r.layerCount(), r.rows(), r.repeats()));
    TextTable.Builder t = TextTable.builder("quantity", "ms", "relative");
    t.row("full depth", TextTable.fixed(r.fullMillis(), 0), "1.000");
    t.row(String.format(Locale.ROOT, "ideal: full × %.2f / %d", r.meanExitLayer(), r.layerCount()),
        TextTable.fixed(r.idealMillis(), 0), TextTable.fixed(r.idealMillis() / r.fullMillis(), 3));
    t.row("measured, with compaction", TextTable.fixed(r.compactedMillis(), 0),
        TextTable.fixed(r.compactedMillis() / r.fullMillis(), 3));
    for (int k = 0; k < r.uniformMillis().length; k++) {
      t.row("every row leaves at " + r.exitLayers()[k] + " (no compaction)", TextTable.fixed(r.uniformMillis()[k], 0),
          TextTable.fixed(r.uniformMillis()[k] / r.fullMillis(), 3));
    }
    md.append(t.build().markdown()).append('\n');
    double[] line = r.depthLine();
    md.append(String.format(Locale.ROOT, "Measured / ideal = **%.3f**: compaction costs **%.1f %%** of the ideal"
        + " saving (target: at most 10 %%; %s). It achieves %.1f %% of the ideal saving. The uniform-exit runs put"
        + " a line through time against depth: %.0f ms + %.1f ms per layer; its intercept (tokenisation,"
        + " embeddings, batch set-up: work that no exit can save) is %.1f %% of full depth. Allowing for it, the"
        + " ideal is %.0f ms, and measured / that = %.3f.%n", r.compactedOverIdeal(),
        100 * r.overheadShareOfSaving(), r.overheadShareOfSaving() <= COMPACTION_SHARE ? "met" : "missed",
        100 * r.savingAchieved(), line[0], line[1], 100 * line[0] / r.fullMillis(), r.affineIdealMillis(),
        r.compactedMillis() / r.affineIdealMillis()));
    StringBuilder sizes = new StringBuilder();
    for (int k = 0; k < r.exitLayers().length; k++) {
      sizes.append(k == 0 ? "" : k == r.exitLayers().length - 1 ? " and " : ", ")
          .append(r.batchSize() * (r.exitLayers().length - k) / r.exitLayers().length);
    }
    md.append(String.format(Locale.ROOT, "%nWhere the overhead comes from: the survivors run in ever smaller"
        + " batches (%s rows here), while the reference and the uniform runs keep every batch at %d rows, and a"
        + " layer costs more per row in a small batch", sizes, r.batchSize()));
    Optional<BenchRow> small = classifier == null ? Optional.empty() : row(classifier, "full", 8, BenchTenants.PRIMARY);
    Optional<BenchRow> large = classifier == null ? Optional.empty() : row(classifier, "full", r.batchSize(),
        BenchTenants.PRIMARY);
    if (small.isPresent() && large.isPresent()) {
      md.append(String.format(Locale.ROOT, " (at full depth, batch 8 ran at %.0f %% of batch %d's events/s in this"
          + " run)", 100 * small.get().eventsPerSecond() / large.get().eventsPerSecond(), r.batchSize()));
    }
    md.append(". The compaction itself (one gather of the hidden states, mask and tenant ids at each exit) and the"
        + " per-row gather of the mixed slots' weights are the rest.");
    md.append(r.overheadShareOfSaving() <= COMPACTION_SHARE ? "\n" : " What would close it: refill the freed rows"
        + " with waiting events between layers (continuous batching), or compact only when enough rows leave.\n");
    return md.toString();
  }

  /** The body of the "Pipeline" section (no heading). */
  static String pipelineBody(PipelineBench.Result p, List<PipelineBench.Result> variants) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "A KRaft broker in the same JVM, the real service (the production"
        + " topology, `%s`, the production Avro serde over a `mock://` registry, micro-batches of %d), policy `%s`,"
        + " %,d GoEmotions test events in %d equal segments. The first is produced before the service starts and"
        + " gives the start-up. Then %s. Each later segment is produced at once"
        + " (as fast as the producer goes) and read back,"
        + " its steady rate counted from the first output to the last. Outputs are timed as the Streams thread writes"
        + " them (`read_uncommitted`), so the rate is not rounded to commit boundaries; every one is committed"
        + " within the commit interval. Just before"
        + " each later segment, the classifier alone classifies the same texts in the same batches with the same"
        + " model and policy (the service idles meanwhile), so drift in load hits both alike. The service runs"
        + " its model calls on a model thread of their own, with the intra-op threads the classifier alone has,"
        + " while the Streams thread reads, forwards and commits.%n%n",
        p.guarantee(), p.batchSize(), p.policy(), p.events(), p.segments(), warmupText(p)));
    TextTable.Builder t = TextTable.builder("quantity", "value");
    t.row("classifier alone, events/s", TextTable.fixed(p.classifierEventsPerSecond(), 1));
    t.row("pipeline, steady events/s (first output to last)",
        TextTable.fixed(p.pipelineEventsPerSecond(), 1));
    t.row("pipeline / classifier", percent(p.pipelineOverClassifier()));
    t.row("first segment, events/s including start-up", TextTable.fixed(p.pipelineWallEventsPerSecond(), 1));
    t.row("start-up to first output", TextTable.fixed(p.startupSeconds(), 2) + " s");
    t.row("mean exit layer (from the output records)", TextTable.fixed(p.meanExitLayer(), 2));
    t.row("process CPU per event, pipeline (ms)", TextTable.fixed(p.pipelineCpuMillisPerEvent(), 2));
    t.row("process CPU per event, classifier alone (ms)", TextTable.fixed(p.classifierCpuMillisPerEvent(), 2));
    md.append(t.build().markdown()).append('\n');
    md.append(String.format(Locale.ROOT, "Latency, events produced as fast as they are taken (%d events, %d kept"
        + " in flight between send and read; the send time is the event time): %.1f events/s, p50 %s ms, p95 %s"
        + " ms, p99 %s ms from send to the classification being read with `read_committed`. With a fixed number in flight, latency is"
        + " about in-flight / throughput (Little's law); under exactly-once, outputs become visible only when Kafka"
        + " Streams commits (every 100 ms by default), which is part of these figures.%n%n",
        p.latencyEvents(), p.inFlight(),
        p.closedLoopEventsPerSecond(), millis(p.p50Micros()), millis(p.p95Micros()), millis(p.p99Micros())));
    md.append(String.format(Locale.ROOT, "During the steady parts the Streams thread was blocked on Kafka (polls,"
        + " commits, producer flushes; its `blocked-time-ns-total`) %.1f %% of the time, and made %d exactly-once"
        + " commits of %.1f ms on average (%.1f %% of the time). The JIT compilers worked for %.1f %% of that time"
        + " (summed over compiler threads).%n%n", 100 * p.blockedShare(), p.commits(), p.commitMillis(),
        100 * p.commitShare(), 100 * p.jitShare()));
    if (!p.javaCpuMillisPerEvent().isEmpty()) {
      md.append("Java threads' CPU per event during the steady parts (the model's PyTorch workers are native"
          + " threads and not counted here):");
      p.javaCpuMillisPerEvent().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> md.append(String.format(Locale.ROOT, " %s %.2f ms;", e.getKey(), e.getValue())));
      md.setLength(md.length() - 1);
      md.append(".\n");
    }
    for (PipelineBench.Result variant : variants) {
      md.append(String.format(Locale.ROOT, "%nThe same run repeated with `%s` (not the default; a fresh broker and"
          + " service): classifier alone %.1f events/s, pipeline %.1f events/s, **%s** of the classifier; %d"
          + " commits of %.1f ms (%.1f %% of the steady time); latency p50 %s ms, p99 %s ms with %d in flight.%n",
          variant.overrides(), variant.classifierEventsPerSecond(), variant.pipelineEventsPerSecond(),
          percent(variant.pipelineOverClassifier()), variant.commits(),
          variant.commitMillis(), 100 * variant.commitShare(), millis(variant.p50Micros()),
          millis(variant.p99Micros()), variant.inFlight()));
    }
    return md.toString();
  }

  private static String warmupText(PipelineBench.Result p) {
    if (p.warmupEvents() == 0) {
      return "the measured segments follow at once (no warm-up)";
    }
    String why = " (a service that has run for a few minutes has compiled its Kafka code; in its first minute the"
        + " compiler threads take a large share of the cores)";
    if (p.warmupJitShare() < PipelineBench.SETTLED_JIT_SHARE) {
      return String.format(Locale.ROOT, "%,d more go through unmeasured, in %.0f s, until the JIT compilers spend"
          + " under %.0f %% of a %,d-event chunk's time compiling (%.1f %% in the last)%s", p.warmupEvents(),
          p.warmupSeconds(), 100 * PipelineBench.SETTLED_JIT_SHARE, PipelineBench.WARMUP_CHUNK,
          100 * p.warmupJitShare(), why);
    }
    return String.format(Locale.ROOT, "%,d more go through unmeasured, for %.0f s, the longest the warm-up may"
        + " take; the JIT compilers still spent %.1f %% of the last %,d-event chunk's time compiling%s",
        p.warmupEvents(), p.warmupSeconds(), 100 * p.warmupJitShare(), PipelineBench.WARMUP_CHUNK, why);
  }

  private static String qualityMet(double dropPoints) {
    return dropPoints <= MACRO_F1_POINTS ? "yes"
        : String.format(Locale.ROOT, "no, by %.2f points", dropPoints - MACRO_F1_POINTS);
  }

  private static String pointsBelow(double drop) {
    return String.format(Locale.ROOT, "%.2f points %s", Math.abs(drop), drop >= 0 ? "below" : "above");
  }

  static Optional<BenchRow> calibratedPoint(ClassifierBench.Result c) {
    return c.rows().stream().filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.engine().equals("DJL")
        && r.policy().equals(c.fpabeePolicy()) && r.batchSize() == TARGET_BATCH).findFirst();
  }

  static Optional<BenchRow> row(ClassifierBench.Result c, String family, int batchSize, String workload) {
    return c.rows().stream().filter(r -> r.family().equals(family) && r.batchSize() == batchSize
        && r.workload().equals(workload) && r.engine().equals("DJL")).findFirst();
  }

  private static String met(boolean met, Double value, double target) {
    return met ? "yes" : String.format(Locale.ROOT, "no, %.0f %% of it", 100 * (value == null ? 0 : value) / target);
  }

  static String ratio(Double value) {
    return value == null ? "-" : TextTable.fixed(value, 2) + "x";
  }

  static String percent(double share) {
    return TextTable.fixed(100 * share, 1) + " %";
  }

  private static String f1(Double value) {
    return value == null ? "-" : TextTable.fixed(value, 4);
  }

  private static String millis(long micros) {
    return TextTable.fixed(micros / 1000.0, 1);
  }
}
