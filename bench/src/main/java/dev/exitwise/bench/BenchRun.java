package dev.exitwise.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.exitwise.bench.model.BatchProfile;
import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.bench.model.CompactionBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code exitwise bench} invocation measured; the parts a subcommand did not run are null.
 *
 * @param command the command line as typed
 * @param modelVersion the model's version
 * @param device where DJL ran
 * @param threads PyTorch intra-op threads (and ONNX Runtime's)
 * @param openMp libgomp's environment variables that were set for the run ({@code OMP_WAIT_POLICY},
 *     {@code GOMP_SPINCOUNT}), by name; an unset one is absent
 * @param atStart the machine and its load when the run started
 * @param atEnd the same when it ended
 * @param seconds wall time of the whole run
 * @param classifier the classifier comparison
 * @param quality full depth against the calibrated policy on the whole test split, or null
 * @param profile where a batch's time goes
 * @param compaction the compaction measurement
 * @param pipeline the end-to-end measurement, the service as it ships
 * @param pipelineVariants the same, each with one setting changed (what would close a gap, or what a default
 *     costs); may be empty
 */
public record BenchRun(String command, String modelVersion, String device, int threads, Map<String, String> openMp,
    MachineInfo atStart,
    MachineInfo atEnd, double seconds, ClassifierBench.Result classifier, QualityCheck quality, BatchProfile profile,
    CompactionBench.Result compaction, PipelineBench.Result pipeline, List<PipelineBench.Result> pipelineVariants) {

  public BenchRun {
    openMp = Map.copyOf(openMp);
    pipelineVariants = List.copyOf(pipelineVariants);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One JSON object per measured configuration: classifier rows, the whole-split quality check's two rows, then
   * compaction and pipeline rows.
   */
  public List<BenchRow> rows() {
    List<BenchRow> rows = new ArrayList<>();
    if (classifier != null) {
      rows.addAll(classifier.rows());
    }
    if (quality != null) {
      rows.add(quality.fullDepth());
      rows.add(quality.calibrated());
    }
    if (compaction != null) {
      rows.addAll(compaction.rowsByConfiguration());
    }
    List<PipelineBench.Result> pipelines = new ArrayList<>();
    pipelines.add(pipeline);
    pipelines.addAll(pipelineVariants);
    for (PipelineBench.Result p : pipelines) {
      if (p != null) {
        rows.add(new BenchRow("pipeline", p.policy(), "configured", "DJL",
            p.overrides().isEmpty() ? BenchTenants.PRIMARY : BenchTenants.PRIMARY + ", " + p.overrides(),
            p.batchSize(), p.events(),
            p.pipelineEventsPerSecond(), p.meanExitLayer(), null, p.p50Micros(), p.p99Micros(),
            null, null, null, null, p.pipelineOverClassifier()));
      }
    }
    return rows;
  }

  /** Writes {@link #rows()} as a JSON array. */
  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JSON.writeValue(file.toFile(), rows());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
