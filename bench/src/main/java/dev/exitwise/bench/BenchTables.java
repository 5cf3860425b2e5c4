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
 * A {@link BenchRun} as markdown tables, one per measurement, under a heading each: numbers only. What each table
 * measures, how to read it and what the numbers mean is hand-written in docs/benchmarks.md, whose sections follow
 * these headings.
 */
final class BenchTables {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private BenchTables() {}

  /**
   * Every table of the run.
   *
   * @param imageFolder the charts' folder relative to the document, or null for no chart links
   */
  static String render(BenchRun run, String imageFolder) {
    StringBuilder md = new StringBuilder("# Benchmark results\n\n");
    md.append(runTable(run));
    md.append(targetsTable(run));
    ClassifierBench.Result classifier = run.classifier();
    if (classifier != null) {
      md.append(classifierTables(classifier));
    }
    if (run.profile() != null) {
      md.append(profileTable(run.profile()));
    }
    if (run.compaction() != null) {
      md.append(compactionTables(run.compaction(), classifier));
    }
    if (run.pipeline() != null) {
      md.append(pipelineTables(run.pipeline(), run.pipelineVariants()));
    }
    if (imageFolder != null && classifier != null) {
      md.append("## Charts\n\n");
      md.append("![events/s against mean exit layer](").append(imageFolder).append('/')
          .append(BenchPlots.THROUGHPUT_PNG).append(")\n\n");
      md.append("![macro-F1 against events/s](").append(imageFolder).append('/')
          .append(BenchPlots.QUALITY_PNG).append(")\n");
    }
    return md.toString();
  }

  static String runTable(BenchRun run) {
    TextTable.Builder t = TextTable.builder("quantity", "value");
    MachineInfo start = run.atStart();
    if (start != null) {
      t.row("date", DATE.format(start.at()));
    }
    t.row("command", "`" + run.command() + "`");
    t.row("model", "`" + run.modelVersion() + "`");
    t.row("DJL device", run.device());
    t.row("PyTorch intra-op threads (1 inter-op)", run.threads());
    t.row("ONNX Runtime intra-op threads (sequential, all graph optimisations)", run.threads());
    if (start != null) {
      t.row("machine", start.describe());
    }
    t.row("OMP_WAIT_POLICY", run.openMp().getOrDefault("OMP_WAIT_POLICY", "unset"));
    t.row("GOMP_SPINCOUNT", run.openMp().getOrDefault("GOMP_SPINCOUNT", "unset"));
    if (start != null) {
      t.row("load average (1, 5, 15 min) at the start", start.loadAverage());
    }
    if (run.atEnd() != null) {
      t.row("load average (1, 5, 15 min) at the end", run.atEnd().loadAverage());
    }
    t.row("duration (s)", TextTable.fixed(run.seconds(), 0));
    return "## Run\n\n" + t.build().markdown() + "\n";
  }

  /** Each target the run measured: its bound, the measured value and whether it is met. */
  static String targetsTable(BenchRun run) {
    TextTable.Builder table = TextTable.builder("target", "bound", "measured", "met");
    ClassifierBench.Result c = run.classifier();
    Optional<BenchRow> point = c == null ? Optional.empty() : calibratedPoint(c);
    point.ifPresent(p -> {
      ratioRow(table, BenchTarget.SPEEDUP_VS_FULL_DEPTH, p.speedupVsFullDepth());
      ratioRow(table, BenchTarget.SPEEDUP_VS_ORT, p.speedupVsOrt());
      ratioRow(table, BenchTarget.SPEEDUP_VS_ORT_INT8, p.speedupVsOrtInt8());
    });
    if (c != null) {
      calibratedPoint(c, BenchTarget.SMALL_BATCH).ifPresent(p ->
          ratioRow(table, BenchTarget.SPEEDUP_VS_ORT_INT8_SMALL_BATCH, p.speedupVsOrtInt8()));
      // time per event over ORT's is the inverse of the events/s ratio
      row(c, "full", 1, BenchTenants.PRIMARY).ifPresent(full -> ratioRow(table,
          BenchTarget.FULL_DEPTH_TIME_VS_ORT_BATCH_1, full.speedupVsOrt() == null ? null : 1 / full.speedupVsOrt()));
    }
    if (point.isPresent()) {
      BenchRow p = point.get();
      QualityCheck quality = run.quality();
      Optional<BenchRow> full = row(c, "full", BenchTarget.BATCH, BenchTenants.PRIMARY);
      BenchTarget drop = BenchTarget.MACRO_F1_DROP;
      if (quality != null) {
        PairedBootstrap interval = quality.interval();
        table.row(drop.description() + String.format(Locale.ROOT, ", all %,d test rows", quality.rows()),
            drop.boundText(), drop.format(quality.dropPoints()) + " (95 % interval " + interval.rangeText() + ")",
            met(drop, quality.dropPoints()) + (interval.contains(drop.bound()) ? " (bound inside the interval)" : ""));
      }
      if (full.isPresent() && p.macroF1() != null) {
        double timedDrop = 100 * (full.get().macroF1() - p.macroF1());
        table.row(drop.description() + String.format(Locale.ROOT, ", the %,d timed rows", p.rows()),
            drop.boundText(), drop.format(timedDrop), quality == null ? met(drop, timedDrop) : "see above");
      }
    }
    PipelineBench.Result pipe = run.pipeline();
    if (pipe != null) {
      BenchTarget share = BenchTarget.PIPELINE_SHARE;
      table.row(share.description(), share.boundText(), share.format(pipe.pipelineOverClassifier()),
          met(share, pipe.pipelineOverClassifier()));
    }
    CompactionBench.Result comp = run.compaction();
    if (comp != null) {
      BenchTarget overhead = BenchTarget.COMPACTION_OVERHEAD;
      table.row(overhead.description(), overhead.boundText(), overhead.format(comp.overheadShareOfSaving()),
          met(overhead, comp.overheadShareOfSaving()));
    }
    if (c != null && comp != null && pipe != null) {
      BenchTarget whole = BenchTarget.WHOLE_RUN;
      table.row(whole.description(), whole.boundText(), whole.format(run.seconds() / 60),
          met(whole, run.seconds() / 60));
    }
    table.row("GPU numbers only where measured", "-", run.device().startsWith("gpu") ? "measured" : "none reported",
        "yes");
    return "## Targets\n\n" + table.build().markdown() + "\n";
  }

  private static void ratioRow(TextTable.Builder table, BenchTarget target, Double measured) {
    table.row(target.description(), target.boundText(), measured == null ? "not measured" : target.format(measured),
        measured == null ? "-" : met(target, measured));
  }

  private static String met(BenchTarget target, double measured) {
    return target.met(measured) ? "yes" : "no";
  }

  private static String classifierTables(ClassifierBench.Result c) {
    String primary = BenchTenants.PRIMARY;
    StringBuilder md = new StringBuilder("## Classifier\n\n");
    TextTable.Builder settings = TextTable.builder("setting", "value");
    settings.row("tenant", primary);
    settings.row("rows (batch size above 1)", c.rows().stream()
        .filter(r -> r.workload().equals(primary) && r.batchSize() > 1).mapToInt(BenchRow::rows).max().orElse(0));
    settings.row("calibrated F-PABEE", "`" + c.fpabeePolicy() + "`");
    settings.row("calibrated PABEE", "`" + c.pabeePolicy() + "`" + c.pabeeNote());
    md.append(settings.build().markdown()).append('\n');

    TextTable.Builder table = TextTable.builder("batch", "policy", "rows", "mean exit layer", "events/s",
        "p50 ms", "p99 ms", "vs full", "vs ORT fp32", "vs ORT int8", "macro-F1");
    c.rows().stream()
        .filter(r -> r.workload().equals(primary)
            && (!r.family().equals("F-PABEE") || r.policy().equals(c.fpabeePolicy())))
        .sorted(Comparator.comparingInt(BenchRow::batchSize))
        .forEach(r -> table.row(r.batchSize(), r.policy(), r.rows(), TextTable.fixed(r.meanExitLayer(), 2),
            TextTable.fixed(r.eventsPerSecond(), 1), millis(r.p50Micros()), millis(r.p99Micros()),
            ratio(r.speedupVsFullDepth()), ratio(r.speedupVsOrt()), ratio(r.speedupVsOrtInt8()), f1(r.macroF1())));
    md.append(table.build().markdown()).append('\n');

    List<BenchRow> sweep = c.rows().stream()
        .filter(r -> r.workload().equals(primary) && r.family().equals("F-PABEE"))
        .filter(r -> r.batchSize() == BenchTarget.BATCH)
        .sorted(Comparator.comparingDouble(BenchRow::meanExitLayer)).toList();
    Optional<BenchRow> full = row(c, "full", BenchTarget.BATCH, primary);
    if (sweep.size() > 1 && full.isPresent()) {
      md.append("### F-PABEE threshold sweep (batch ").append(BenchTarget.BATCH).append(", calibrated patience)\n\n");
      TextTable.Builder t = TextTable.builder("policy", "mean exit layer", "events/s", "vs full", "vs ORT fp32",
          "vs ORT int8", "macro-F1", "macro-F1 change (points)");
      for (BenchRow r : sweep) {
        t.row(r.policy() + (r.policy().equals(c.fpabeePolicy()) ? " (calibrated)" : ""),
            TextTable.fixed(r.meanExitLayer(), 2), TextTable.fixed(r.eventsPerSecond(), 1),
            ratio(r.speedupVsFullDepth()), ratio(r.speedupVsOrt()), ratio(r.speedupVsOrtInt8()), f1(r.macroF1()),
            String.format(Locale.ROOT, "%+.2f", 100 * (r.macroF1() - full.get().macroF1())));
      }
      md.append(t.build().markdown()).append('\n');
    }

    List<BenchRow> mixed = c.rows().stream()
        .filter(r -> r.workload().equals("mixed") || r.workload().equals("grouped")).toList();
    if (!mixed.isEmpty()) {
      md.append("### Mixed-tenant batches (batch ").append(BenchTarget.BATCH).append(")\n\n");
      TextTable.Builder t = TextTable.builder("policy", "batches", "rows", "mean exit layer", "events/s",
          "p50 ms", "p99 ms", "mixed vs grouped", "macro-F1 " + primary, "macro-F1 " + BenchTenants.SECOND);
      for (BenchRow r : mixed) {
        BenchRow grouped = mixed.stream().filter(g -> g.workload().equals("grouped")
            && g.policy().equals(r.policy())).findFirst().orElse(r);
        Map<String, Double> byTenant = r.macroF1ByTenant() == null ? Map.of() : r.macroF1ByTenant();
        t.row(r.policy(), r.workload(), r.rows(), TextTable.fixed(r.meanExitLayer(), 2),
            TextTable.fixed(r.eventsPerSecond(), 1), millis(r.p50Micros()), millis(r.p99Micros()),
            r.workload().equals("mixed") ? ratio(r.eventsPerSecond() / grouped.eventsPerSecond()) : "-",
            f1(byTenant.get(primary)), f1(byTenant.get(BenchTenants.SECOND)));
      }
      md.append(t.build().markdown()).append('\n');
    }
    return md.toString();
  }

  private static String profileTable(BatchProfile p) {
    StringBuilder md = new StringBuilder("## Where the time goes (batch " + p.batchSize() + ")\n\n");
    TextTable.Builder shape = TextTable.builder("quantity", "value");
    shape.row("rows", p.rows());
    shape.row("mean tokens per row", TextTable.fixed(p.meanTokens(), 1));
    shape.row("mean tokens per row, padded to the batch's longest", TextTable.fixed(p.meanPaddedTokens(), 1));
    shape.row("padding share of the token slots", percent(p.paddingShare()));
    md.append(shape.build().markdown()).append('\n');
    TextTable.Builder t = TextTable.builder("stage", "ms per batch", "share of full depth");
    t.row("tokenisation (HF tokenizers, padding)", TextTable.fixed(p.tokenizeMillis(), 2),
        percent(p.tokenizeMillis() / p.fullDepthMillis()));
    t.row("bare DJL encoder, all layers, packed tokens, no prompts or heads",
        TextTable.fixed(p.bareEncoderMillis(), 2), percent(p.bareEncoderMillis() / p.fullDepthMillis()));
    t.row("soft prompts, exit heads, per-layer exit decisions (the difference)",
        p.adapterMillis() < 0 ? "< 0 (within noise)" : TextTable.fixed(p.adapterMillis(), 2),
        p.adapterMillis() < 0 ? "-" : percent(p.adapterMillis() / p.fullDepthMillis()));
    t.row("exitwise full depth (all of the above)", TextTable.fixed(p.fullDepthMillis(), 2), "100 %");
    t.row("exitwise, configured policy", TextTable.fixed(p.configuredMillis(), 2),
        percent(p.configuredMillis() / p.fullDepthMillis()));
    if (!Double.isNaN(p.ortMillis())) {
      t.row("ONNX Runtime encoder, fp32 (same padded tokens, no tokenisation)", TextTable.fixed(p.ortMillis(), 2),
          percent(p.ortMillis() / p.fullDepthMillis()));
    }
    if (!Double.isNaN(p.ortInt8Millis())) {
      t.row("ONNX Runtime encoder, int8 (the same)", TextTable.fixed(p.ortInt8Millis(), 2),
          percent(p.ortInt8Millis() / p.fullDepthMillis()));
    }
    md.append(t.build().markdown()).append('\n');
    return md.toString();
  }

  /**
   * The compaction tables.
   *
   * @param classifier the same run's classifier results (for small-batch efficiency), or null
   */
  static String compactionTables(CompactionBench.Result r, ClassifierBench.Result classifier) {
    StringBuilder md = new StringBuilder("## Compaction\n\n");
    TextTable.Builder setup = TextTable.builder("setting", "value");
    StringBuilder layers = new StringBuilder();
    StringBuilder sizes = new StringBuilder();
    for (int k = 0; k < r.exitLayers().length; k++) {
      layers.append(k == 0 ? "" : ", ").append(r.exitLayers()[k]);
      sizes.append(k == 0 ? "" : ", ").append(r.batchSize() * (r.exitLayers().length - k) / r.exitLayers().length);
    }
    setup.row("exit layers of the four tenant slots (row i uses slot i mod 4)", layers);
    setup.row("batch size", r.batchSize());
    setup.row("rows left in a batch after each exit layer", sizes);
    setup.row("mean exit layer", TextTable.fixed(r.meanExitLayer(), 2) + " of " + r.layerCount());
    setup.row("texts, repeats", r.rows() + ", " + r.repeats());
    md.append(setup.build().markdown()).append('\n');

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
    TextTable.Builder derived = TextTable.builder("quantity", "value");
    derived.row("measured / ideal", TextTable.fixed(r.compactedOverIdeal(), 3));
    derived.row("overhead, share of the ideal saving", percent(r.overheadShareOfSaving()));
    derived.row("share of the ideal saving achieved", percent(r.savingAchieved()));
    derived.row("time against depth, intercept (ms)", TextTable.fixed(line[0], 0));
    derived.row("time against depth, per layer (ms)", TextTable.fixed(line[1], 1));
    derived.row("intercept, share of full depth", percent(line[0] / r.fullMillis()));
    derived.row("ideal with the intercept (ms)", TextTable.fixed(r.affineIdealMillis(), 0));
    derived.row("measured / ideal with the intercept", TextTable.fixed(r.compactedMillis() / r.affineIdealMillis(), 3));
    Optional<BenchRow> small = classifier == null ? Optional.empty()
        : row(classifier, "full", 8, BenchTenants.PRIMARY);
    Optional<BenchRow> large = classifier == null ? Optional.empty()
        : row(classifier, "full", r.batchSize(), BenchTenants.PRIMARY);
    if (small.isPresent() && large.isPresent()) {
      derived.row("full depth, batch 8 events/s over batch " + r.batchSize() + "'s",
          percent(small.get().eventsPerSecond() / large.get().eventsPerSecond()));
    }
    md.append(derived.build().markdown()).append('\n');
    return md.toString();
  }

  /** The pipeline tables: the service as it ships, then each variant. */
  static String pipelineTables(PipelineBench.Result p, List<PipelineBench.Result> variants) {
    StringBuilder md = new StringBuilder("## Pipeline\n\n");
    TextTable.Builder setup = TextTable.builder("setting", "value");
    setup.row("processing guarantee", "`" + p.guarantee() + "`");
    setup.row("micro-batch size", p.batchSize());
    setup.row("policy", "`" + p.policy() + "`");
    setup.row("measured events, segments", String.format(Locale.ROOT, "%,d, %d", p.events(), p.segments()));
    setup.row("warm-up events, seconds", String.format(Locale.ROOT, "%,d, %.0f", p.warmupEvents(), p.warmupSeconds()));
    setup.row(String.format(Locale.ROOT, "JIT share of the last %,d-event warm-up chunk (settled below %.0f %%)",
        PipelineBench.WARMUP_CHUNK, 100 * PipelineBench.SETTLED_JIT_SHARE), percent(p.warmupJitShare()));
    md.append(setup.build().markdown()).append('\n');

    TextTable.Builder t = TextTable.builder("quantity", "value");
    t.row("classifier alone, events/s", TextTable.fixed(p.classifierEventsPerSecond(), 1));
    t.row("pipeline, steady events/s (first output to last)", TextTable.fixed(p.pipelineEventsPerSecond(), 1));
    t.row("pipeline / classifier", percent(p.pipelineOverClassifier()));
    t.row("first segment, events/s including start-up", TextTable.fixed(p.pipelineWallEventsPerSecond(), 1));
    t.row("start-up to first output (s)", TextTable.fixed(p.startupSeconds(), 2));
    t.row("mean exit layer (from the output records)", TextTable.fixed(p.meanExitLayer(), 2));
    t.row("process CPU per event, pipeline (ms)", TextTable.fixed(p.pipelineCpuMillisPerEvent(), 2));
    t.row("process CPU per event, classifier alone (ms)", TextTable.fixed(p.classifierCpuMillisPerEvent(), 2));
    t.row("latency run: events, kept in flight", p.latencyEvents() + ", " + p.inFlight());
    t.row("latency run: events/s", TextTable.fixed(p.closedLoopEventsPerSecond(), 1));
    t.row("latency send to read_committed, p50 / p95 / p99 (ms)",
        millis(p.p50Micros()) + " / " + millis(p.p95Micros()) + " / " + millis(p.p99Micros()));
    t.row("Streams thread blocked on Kafka, share of steady time", percent(p.blockedShare()));
    t.row("exactly-once commits, mean ms", p.commits() + ", " + TextTable.fixed(p.commitMillis(), 1));
    t.row("commits, share of steady time", percent(p.commitShare()));
    t.row("JIT compilers, share of steady time", percent(p.jitShare()));
    p.javaCpuMillisPerEvent().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> t.row("Java CPU per event (ms): " + e.getKey(), TextTable.fixed(e.getValue(), 2)));
    md.append(t.build().markdown()).append('\n');

    if (!variants.isEmpty()) {
      md.append("### Pipeline variants\n\n");
      TextTable.Builder v = TextTable.builder("changed setting", "classifier events/s", "pipeline events/s",
          "pipeline / classifier", "commits", "commit ms", "commit share", "p50 ms", "p99 ms", "in flight");
      for (PipelineBench.Result variant : variants) {
        v.row("`" + variant.overrides() + "`", TextTable.fixed(variant.classifierEventsPerSecond(), 1),
            TextTable.fixed(variant.pipelineEventsPerSecond(), 1), percent(variant.pipelineOverClassifier()),
            variant.commits(), TextTable.fixed(variant.commitMillis(), 1), percent(variant.commitShare()),
            millis(variant.p50Micros()), millis(variant.p99Micros()), variant.inFlight());
      }
      md.append(v.build().markdown()).append('\n');
    }
    return md.toString();
  }

  static Optional<BenchRow> calibratedPoint(ClassifierBench.Result c) {
    return calibratedPoint(c, BenchTarget.BATCH);
  }

  static Optional<BenchRow> calibratedPoint(ClassifierBench.Result c, int batchSize) {
    return c.rows().stream().filter(r -> r.workload().equals(BenchTenants.PRIMARY) && r.engine().equals("DJL")
        && r.policy().equals(c.fpabeePolicy()) && r.batchSize() == batchSize).findFirst();
  }

  static Optional<BenchRow> row(ClassifierBench.Result c, String family, int batchSize, String workload) {
    return c.rows().stream().filter(r -> r.family().equals(family) && r.batchSize() == batchSize
        && r.workload().equals(workload) && r.engine().equals("DJL")).findFirst();
  }

  private static String ratio(Double value) {
    return value == null ? "-" : TextTable.fixed(value, 2) + "x";
  }

  private static String percent(double share) {
    return TextTable.fixed(100 * share, 1) + " %";
  }

  private static String f1(Double value) {
    return value == null ? "-" : TextTable.fixed(value, 4);
  }

  private static String millis(long micros) {
    return TextTable.fixed(micros / 1000.0, 1);
  }
}
