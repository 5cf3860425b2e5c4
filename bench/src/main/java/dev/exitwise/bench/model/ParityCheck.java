package dev.exitwise.bench.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.exit.StaticExit;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.RowOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Do two runs of the same random model agree? The logits of a few test texts, in one padded batch, at full depth
 * and with every row leaving at layer 3 and at layer 6, on one device and engine; compared with the same on another
 * device in this process, or with a file an earlier run wrote (another engine must be another process: a JVM loads
 * one libtorch).
 *
 * @param engine DJL's engine and PyTorch version, as the run reported it
 * @param device the device the logits were computed on
 * @param logits configuration name to {@code [row][label]}
 */
public record ParityCheck(String engine, String device, Map<String, float[][]> logits) {
  /** Rows compared: one batch, long and short texts, so that padding is exercised. */
  public static final int ROWS = 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The comparison of two runs.
   *
   * @param maxAbsolute the largest absolute difference of a logit
   * @param maxScaled the largest difference over {@code max(1, |reference logit|)}
   * @param worstConfiguration where {@code maxScaled} was found
   */
  public record Difference(double maxAbsolute, double maxScaled, String worstConfiguration) {
    /** Whether the runs agree within {@code tolerance} (scaled). */
    public boolean within(double tolerance) {
      return maxScaled <= tolerance;
    }
  }

  /** Runs the checked configurations on {@code model}'s device. */
  public static ParityCheck run(ExitwiseModel model, String engine) {
    List<String> texts = BenchTexts.load(model, BenchTenants.PRIMARY, Split.TEST, ROWS).texts();
    int tenant = model.tenantIndex(BenchTenants.PRIMARY);
    int[] tenants = new int[texts.size()];
    java.util.Arrays.fill(tenants, tenant);
    Map<String, ExitPolicy> policies = new LinkedHashMap<>();
    policies.put("full", new FullDepth());
    policies.put("static(3)", new StaticExit(3));
    policies.put("static(6)", new StaticExit(6));
    Map<String, float[][]> logits = new LinkedHashMap<>();
    for (Map.Entry<String, ExitPolicy> policy : policies.entrySet()) {
      List<RowOutcome> outcomes = model.engine().run(texts, null, tenants, t -> policy.getValue(), null);
      logits.put(policy.getKey(), outcomes.stream().map(RowOutcome::logits).toArray(float[][]::new));
    }
    return new ParityCheck(engine, model.engine().backbone().encoder().device().toString(), logits);
  }

  /**
   * Compares with a reference run.
   *
   * @throws IllegalArgumentException if the runs checked other configurations or row counts
   */
  public Difference against(ParityCheck reference) {
    if (!logits.keySet().equals(reference.logits.keySet())) {
      throw new IllegalArgumentException("the runs checked " + logits.keySet() + " and " + reference.logits.keySet());
    }
    double maxAbsolute = 0;
    double maxScaled = -1;
    String worst = null;
    for (Map.Entry<String, float[][]> configuration : logits.entrySet()) {
      float[][] mine = configuration.getValue();
      float[][] theirs = reference.logits.get(configuration.getKey());
      if (mine.length != theirs.length) {
        throw new IllegalArgumentException(configuration.getKey() + ": " + mine.length + " rows against "
            + theirs.length);
      }
      for (int row = 0; row < mine.length; row++) {
        if (mine[row].length != theirs[row].length) {
          throw new IllegalArgumentException(configuration.getKey() + " row " + row + ": " + mine[row].length
              + " logits against " + theirs[row].length);
        }
        for (int j = 0; j < mine[row].length; j++) {
          double absolute = Math.abs(mine[row][j] - theirs[row][j]);
          double scaled = absolute / Math.max(1.0, Math.abs(theirs[row][j]));
          maxAbsolute = Math.max(maxAbsolute, absolute);
          if (scaled > maxScaled) {
            maxScaled = scaled;
            worst = configuration.getKey();
          }
        }
      }
    }
    return new Difference(maxAbsolute, Math.max(0, maxScaled), worst);
  }

  /** Writes the run as JSON. */
  public void write(Path file) {
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads a run {@link #write} wrote. */
  public static ParityCheck read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ParityCheck.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the parity reference " + file, e);
    }
  }
}
