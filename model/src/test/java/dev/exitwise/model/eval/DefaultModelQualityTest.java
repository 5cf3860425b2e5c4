package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Davidson;
import dev.exitwise.model.data.GoEmotions;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FPabee;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.runtime.DjlRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The committed default model on the whole GoEmotions test split (5,427 rows), with the real BGE-small backbone:
 * macro-F1 of at least 0.40 and micro-F1 of at least 0.50 at full depth, and at the calibrated F-PABEE point a
 * layer speed-up of at least 1.8x within 1.5 macro-F1 points of full depth.
 */
class DefaultModelQualityTest {

  @Test
  @Timeout(900)
  void committedModelMeetsItsBarOnTheGoEmotionsTestSplit() {
    DjlRuntime.configure(null);
    Dataset test = GoEmotions.load(Split.TEST);
    assertEquals(5_427, test.size());
    try (ExitwiseModel model = ExitwiseModel.load(null, Device.cpu())) {
      ExitPolicy calibrated = model.policy(GoEmotions.TENANT);
      assertInstanceOf(FPabee.class, calibrated, "the committed model exits with a calibrated F-PABEE policy");
      List<Evaluator.PolicyEvaluation> results =
          Evaluator.evaluate(model, GoEmotions.TENANT, test, List.of(new FullDepth(), calibrated), 32);
      Evaluator.PolicyEvaluation full = results.get(0);
      Evaluator.PolicyEvaluation fpabee = results.get(1);
      System.out.printf("GoEmotions test: full depth macro-F1 %.4f micro-F1 %.4f; %s macro-F1 %.4f, layer speed-up "
              + "%.2fx, wall speed-up %.2fx%n", full.metrics().macroF1(), full.metrics().microF1(), fpabee.policy(),
          fpabee.metrics().macroF1(), fpabee.layerSpeedup(), fpabee.wallSpeedup());
      assertEquals(5_427, full.metrics().count());
      assertTrue(full.metrics().macroF1() >= 0.40, "full-depth macro-F1 " + full.metrics().macroF1());
      assertTrue(full.metrics().microF1() >= 0.50, "full-depth micro-F1 " + full.metrics().microF1());
      assertTrue(fpabee.layerSpeedup() >= 1.8, "F-PABEE layer speed-up " + fpabee.layerSpeedup());
      assertTrue(fpabee.metrics().macroF1() >= full.metrics().macroF1() - 0.015,
          "F-PABEE macro-F1 " + fpabee.metrics().macroF1() + " vs full depth " + full.metrics().macroF1());
    }
  }

  /**
   * The committed {@code moderation} tenant on its whole test split (2,478 tweets): at full depth and at its calibrated
   * point it beats predicting every label and predicting the most frequent label set on every row, each by an
   * interval that excludes no lead.
   */
  @Test
  @Timeout(600)
  void committedModerationTenantBeatsItsBaselines() {
    DjlRuntime.configure(null);
    try (ExitwiseModel model = ExitwiseModel.load(null, Device.cpu())) {
      EvaluationRun.Report report = EvaluationRun.run(model, Davidson.TENANT, Split.TEST,
          List.of(new FullDepth(), model.policy(Davidson.TENANT)), 32, false);
      assertEquals(2_478, report.rows().size());
      boolean[][] gold = report.rows().goldMatrix();
      for (Evaluator.PolicyEvaluation policy : report.policies()) {
        for (boolean[][] baseline : List.of(EvaluationRun.everyLabel(gold), EvaluationRun.mostFrequentLabelSet(gold))) {
          PairedBootstrap lead = PairedBootstrap.macroF1Drop(gold, policy.predicted(), baseline);
          System.out.printf("moderation test: %s macro-F1 %.4f, lead over a baseline %.2f points (%s)%n",
              policy.policy(), policy.metrics().macroF1(), lead.dropPoints(), lead.rangeText());
          assertTrue(lead.lowerPoints() > 5, policy.policy() + " leads a baseline by " + lead.rangeText());
        }
      }
    }
  }
}
