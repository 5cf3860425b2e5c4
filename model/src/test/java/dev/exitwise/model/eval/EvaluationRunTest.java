package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate}'s report: each policy's macro-F1 drop from full depth, with its bootstrap interval. */
class EvaluationRunTest {
  private static final int ROWS = 600;

  @Test
  void everyPolicyButFullDepthGetsItsDropAndInterval(@TempDir Path folder) throws Exception {
    int labels = Datasets.labels("emotions").size();
    Random random = new Random(5);
    boolean[][] gold = new boolean[ROWS][labels];
    for (boolean[] row : gold) {
      row[random.nextInt(labels)] = true;
    }
    boolean[][] fullDepth = flip(gold, new Random(6), 0.01);
    boolean[][] worse = flip(gold, new Random(7), 0.08);
    List<Evaluator.PolicyEvaluation> evaluations = List.of(evaluation("full", gold, fullDepth),
        evaluation("static(6)", gold, fullDepth), evaluation("fpabee(jsd,mean,0.0032,3)", gold, worse));

    Map<String, PairedBootstrap> drops = EvaluationRun.drops(gold, evaluations);

    assertEquals(List.of("static(6)", "fpabee(jsd,mean,0.0032,3)"), List.copyOf(drops.keySet()));
    assertEquals(0, drops.get("static(6)").upperPoints(), "the same predictions as full depth drop nothing");
    PairedBootstrap fpabee = drops.get("fpabee(jsd,mean,0.0032,3)");
    assertEquals(100 * (MultiLabelMetrics.compute(gold, fullDepth).macroF1()
        - MultiLabelMetrics.compute(gold, worse).macroF1()), fpabee.dropPoints(), 1e-9);
    assertTrue(fpabee.lowerPoints() > 0, "8 % of cells flipped against 1 % is a real drop: " + fpabee);

    EvaluationRun.Report report = new EvaluationRun.Report("emotions", Split.TEST, evaluations, List.of(), drops,
        EvaluationRun.baselines(gold, fullDepth), rows(gold));
    String table = EvaluationRun.table(report).terminal();
    assertTrue(table.contains("drop (95 % interval)"), table);
    assertTrue(table.contains("(every label, every row)"), table);
    assertTrue(table.contains(String.format(Locale.ROOT, "%.2f (%.2f to %.2f)", fpabee.dropPoints(),
        fpabee.lowerPoints(), fpabee.upperPoints())), table);

    Path json = folder.resolve("evaluation.json");
    EvaluationRun.writeJson(List.of(report), json);
    JsonNode rows = new ObjectMapper().readTree(json.toFile());
    assertFalse(rows.get(0).has("macroF1DropPoints"), "full depth is the reference");
    assertEquals(fpabee.dropPoints(), rows.get(2).get("macroF1DropPoints").asDouble(), 1e-12);
    assertEquals(fpabee.lowerPoints(), rows.get(2).get("macroF1DropLower95").asDouble(), 1e-12);
    assertEquals(fpabee.upperPoints(), rows.get(2).get("macroF1DropUpper95").asDouble(), 1e-12);
  }

  private static Evaluator.PolicyEvaluation evaluation(String policy, boolean[][] gold, boolean[][] predicted) {
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);
    int[] exits = new int[gold.length];
    Arrays.fill(exits, 12);
    return new Evaluator.PolicyEvaluation(policy, "family", metrics, 12, 1, 1, 1, exits, predicted, new long[0]);
  }

  @Test
  void theMostFrequentLabelSetIsPredictedOnEveryRow() {
    boolean[][] gold = {{true, false}, {false, false}, {true, false}, {true, true}};
    boolean[][] majority = EvaluationRun.mostFrequentLabelSet(gold);
    for (boolean[] row : majority) {
      assertEquals(List.of(true, false), List.of(row[0], row[1]));
    }
  }

  @Test
  void baselinesCarryFullDepthsLeadWithAnInterval() {
    Random random = new Random(3);
    int labels = Datasets.labels("emotions").size();
    boolean[][] gold = new boolean[ROWS][labels];
    for (boolean[] row : gold) {
      row[random.nextInt(labels)] = true;
    }
    List<Evaluator.PolicyEvaluation> evaluations = List.of(evaluation("full", gold, flip(gold, random, 0.01)));
    EvaluationRun.Report report = new EvaluationRun.Report("emotions", Split.TEST, evaluations, List.of(), Map.of(),
        EvaluationRun.baselines(gold, evaluations.get(0).predicted()), rows(gold));
    Map<String, EvaluationRun.Baseline> baselines = report.baselines();
    assertEquals(List.of(EvaluationRun.MOST_FREQUENT_LABEL_SET, EvaluationRun.EVERY_LABEL),
        List.copyOf(baselines.keySet()));
    for (EvaluationRun.Baseline baseline : baselines.values()) {
      assertTrue(baseline.fullDepthLead().lowerPoints() > 50, "near-perfect predictions lead by far: " + baseline);
    }
    String table = EvaluationRun.table(report).terminal();
    assertTrue(table.contains("(most frequent label set, every row)"), table);
  }

  private static dev.exitwise.model.data.Dataset rows(boolean[][] gold) {
    List<dev.exitwise.model.data.LabeledText> rows = new java.util.ArrayList<>();
    for (int i = 0; i < gold.length; i++) {
      boolean[] row = gold[i];
      int[] ids = java.util.stream.IntStream.range(0, row.length).filter(j -> row[j]).toArray();
      rows.add(new dev.exitwise.model.data.LabeledText("r" + i, "text " + i, ids));
    }
    return new dev.exitwise.model.data.Dataset("emotions", Datasets.labels("emotions"), rows);
  }

  private static boolean[][] flip(boolean[][] gold, Random random, double rate) {
    boolean[][] out = new boolean[gold.length][];
    for (int row = 0; row < gold.length; row++) {
      out[row] = gold[row].clone();
      for (int label = 0; label < out[row].length; label++) {
        out[row][label] ^= random.nextDouble() < rate;
      }
    }
    return out;
  }
}
