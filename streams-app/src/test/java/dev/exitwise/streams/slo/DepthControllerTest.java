package dev.exitwise.streams.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.eval.ServingFront;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller driven by a fake clock: single windows, its hysteresis, its floor, and a simulated load step. */
class DepthControllerTest {
  static final List<ServingFront.Point> FRONT = List.of(
      point("full", 0.0, 1.0),
      point("fpabee(jsd,mean,0.001,5)", -0.3, 1.3), // better than full depth on dev: within any floor
      point("fpabee(jsd,mean,0.001,4)", 0.2, 1.4),
      point("fpabee(jsd,mean,0.001,3)", 0.5, 1.8),
      point("fpabee(jsd,mean,0.003,3)", 0.8, 2.3),
      point("fpabee(jsd,mean,0.01,3)", 1.0, 2.9),
      point("fpabee(jsd,mean,0.01,2)", 1.6, 4.0),
      point("static(2)", 3.0, 6.0));
  static final long TARGET = 2_000;
  static final SloSettings SETTINGS = new SloSettings(TARGET, 0, Duration.ofSeconds(5), Duration.ofSeconds(30), 0.6,
      1.25, QualityFloors.parse("2.0"));

  static ServingFront.Point point(String policy, double drop, double speedup) {
    return new ServingFront.Point(policy, 0.5 - drop / 100, drop, speedup);
  }

  private final long[] now = {0};

  private DepthController controller(SloSettings settings) {
    return new DepthController(settings, Map.of("t", FRONT), now[0]);
  }

  /** Records {@code latency} for every event of one window of 5 s and ticks at its end. */
  private List<DepthController.Change> window(DepthController controller, long latency, long lag) {
    for (int i = 0; i < 50; i++) {
      controller.record("t", latency);
    }
    now[0] += 5_000;
    return controller.tick(now[0], lag);
  }

  private static double speedup(DepthController controller) {
    return controller.chosen().get("t").layerSpeedup();
  }

  @Test
  void aWindowOverTheTargetStepsOnePointShallowerAndTheLadderSkipsPointsCloserThanTheStepRatio() {
    DepthController controller = controller(SETTINGS);
    assertEquals(1.0, speedup(controller), "it starts at full depth");

    List<DepthController.Change> changes = window(controller, 3_000, -1);

    assertEquals(1, changes.size());
    assertTrue(changes.get(0).shallower());
    assertEquals(1.3, speedup(controller), "1.3 is the first point at least 1.25 times as fast as 1.0");
    window(controller, 4_000, -1);
    assertEquals(1.8, speedup(controller), "1.4 is within 1.25 of 1.3 and skipped");
  }

  @Test
  void aWindowBetweenTheCalmMarginAndTheTargetHoldsThePoint() {
    DepthController controller = controller(SETTINGS);
    window(controller, 3_000, -1);
    for (int i = 0; i < 40; i++) {
      assertEquals(List.of(), window(controller, 1_500, -1), "window " + i);
    }
    assertEquals(1.3, speedup(controller));
  }

  @Test
  void latencyThatIsFallingByATenthPerWindowIsLeftToDrain() {
    DepthController controller = controller(SETTINGS);
    window(controller, 8_000, -1);
    assertEquals(List.of(), window(controller, 7_000, -1), "12.5 % lower: the backlog drains");
    assertEquals(List.of(), window(controller, 6_000, -1));
    assertEquals(1, window(controller, 5_800, -1).size(), "3 % lower: not draining fast enough");
  }

  @Test
  void eachStepDeeperWaitsAWholeCalmTimeAtThePointBefore() {
    DepthController controller = controller(SETTINGS);
    window(controller, 3_000, -1);
    window(controller, 3_000, -1);
    assertEquals(1.8, speedup(controller));
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 5; i++) {
        assertEquals(List.of(), window(controller, 500, -1), "calm for " + (i + 1) * 5 + " s of the 30");
      }
      assertEquals(1, window(controller, 500, -1).size(), "calm for 30 s");
    }
    assertEquals(1.0, speedup(controller));
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of(), window(controller, 500, -1), "full depth is the deepest point");
    }
  }

  @Test
  void aWindowThatIsNotCalmRestartsTheWaitBeforeGoingDeeper() {
    DepthController controller = controller(SETTINGS);
    window(controller, 3_000, -1);
    for (int i = 0; i < 5; i++) {
      window(controller, 500, -1);
    }
    window(controller, 1_500, -1); // over the calm margin, under the target
    for (int i = 0; i < 5; i++) {
      assertEquals(List.of(), window(controller, 500, -1));
    }
    assertEquals(1, window(controller, 500, -1).size());
  }

  @Test
  void aTenantWithNoEventsIsCalm() {
    DepthController controller = controller(SETTINGS);
    window(controller, 3_000, -1);
    for (int i = 0; i < 6; i++) {
      now[0] += 5_000;
      controller.tick(now[0], -1);
    }
    assertEquals(1.0, speedup(controller));
  }

  @Test
  void theQualityFloorBoundsHowShallowItGoes() {
    SloSettings moderationForbidsAnyDrop = new SloSettings(TARGET, 0, Duration.ofSeconds(5), Duration.ofSeconds(30),
        0.6, 1.25, QualityFloors.parse("2.0,t=0"));
    DepthController controller = controller(moderationForbidsAnyDrop);
    for (int i = 0; i < 20; i++) {
      window(controller, 60_000 + i * 10_000L, -1);
    }
    assertEquals(1.3, speedup(controller), "the only faster point with no dev drop");
    assertEquals(0, controller.view().get("t").rung() - 1, "and the last rung");

    DepthController defaultFloor = controller(SETTINGS);
    for (int i = 0; i < 20; i++) {
      window(defaultFloor, 60_000 + i * 10_000L, -1);
    }
    assertEquals(4.0, speedup(defaultFloor), "static(2) drops 3 points, past the floor of 2");
  }

  @Test
  void aLagOverItsBoundStepsShallowerWhileTheLatencyIsFine() {
    SloSettings withLag = new SloSettings(TARGET, 1_000, Duration.ofSeconds(5), Duration.ofSeconds(30), 0.6, 1.25,
        QualityFloors.DEFAULT);
    DepthController controller = controller(withLag);
    assertEquals(1, window(controller, 100, 5_000).size());
    assertEquals(List.of(), window(controller, 100, 4_000), "the lag is falling by a fifth: draining");
    assertEquals(List.of(), window(controller, 100, 800), "under the bound, over its calm margin: held");
    assertEquals(1.3, speedup(controller));
  }

  @Test
  void aNewModelVersionKeepsTheTenantNearTheSpeedItWasServedAt() {
    DepthController controller = controller(SETTINGS);
    window(controller, 3_000, -1);
    window(controller, 3_000, -1);
    window(controller, 3_000, -1);
    assertEquals(2.3, speedup(controller));

    controller.setFronts(Map.of("t", List.of(point("full", 0, 1.0), point("static(6)", 0.4, 2.0),
        point("static(4)", 0.9, 3.0)), "new", FRONT), now[0]);

    assertEquals(2.0, speedup(controller));
    assertEquals(1.0, controller.chosen().get("new").layerSpeedup());
    controller.setFronts(Map.of("new", FRONT, "t", List.of()), now[0]);
    assertEquals(List.of("new"), List.copyOf(controller.chosen().keySet()), "a pinned tenant is left alone");
  }

  @Test
  void settingsWithoutATargetStartNoController() {
    assertThrows(IllegalArgumentException.class, () -> controller(SloSettings.OFF));
  }

  /**
   * A queue served at 100 events/s times the point's speed-up, latency 200 ms plus the wait: 50 events/s for 2
   * minutes, 250 events/s (2.5 times full depth's capacity) for 1 minute, then 50 again for 4 minutes. The controller
   * must bring p99 under the target during the step and keep it there, go back to full depth afterwards, and never
   * serve a point past the floor; at full depth all along, the latency would grow without bound.
   */
  @Test
  void inASimulatedLoadStepItHoldsTheTargetAndReturnsToFullDepth() {
    DepthController controller = controller(SETTINGS);
    Simulation adaptive = new Simulation();
    Simulation fullDepth = new Simulation();
    List<Long> stepP99 = new ArrayList<>();
    double fastest = 1.0;
    for (int tick = 0; tick < 7 * 600; tick++) { // 100 ms ticks, 7 minutes
      now[0] += 100;
      double rate = tick >= 1200 && tick < 1800 ? 250 : 50;
      double speedup = speedup(controller);
      fastest = Math.max(fastest, speedup);
      adaptive.step(now[0], rate, speedup).forEach(latency -> controller.record("t", latency));
      List<Long> full = fullDepth.step(now[0], rate, 1.0);
      for (DepthController.Change change : controller.tick(now[0], -1)) {
        if (tick >= 1200 && tick < 1800) {
          stepP99.add(change.p99Millis());
        }
      }
      if (tick == 1799) {
        assertTrue(full.stream().mapToLong(Long::longValue).max().orElse(0) > 15 * TARGET,
            "full depth falls ever further behind: " + full);
        assertTrue(controller.view().get("t").lastP99Millis() < TARGET,
            "held under the target by the step's end: " + controller.view().get("t"));
      }
    }
    assertTrue(fastest >= 2.9 && fastest <= 4.0, "fast enough for 2.5x, within the floor of 2 points: " + fastest);
    assertTrue(stepP99.size() <= 6, "a few steps, no flapping: " + stepP99);
    assertEquals(1.0, speedup(controller), "back at full depth after the step");
  }

  /** A FIFO queue of arrivals served at a capacity that follows the point. */
  private static final class Simulation {
    private final Deque<double[]> queue = new ArrayDeque<>(); // {arrival millis, events}
    private double backlogCredit;

    List<Long> step(long nowMillis, double ratePerSecond, double speedup) {
      queue.add(new double[] {nowMillis, ratePerSecond / 10});
      double capacity = 10 * speedup + backlogCredit;
      List<Long> latencies = new ArrayList<>();
      while (!queue.isEmpty() && capacity >= 1) {
        double[] head = queue.peek();
        double served = Math.min(Math.floor(capacity), head[1]);
        for (int i = 0; i < Math.round(served); i++) {
          latencies.add(200 + nowMillis - (long) head[0]);
        }
        capacity -= served;
        head[1] -= served;
        if (head[1] < 1e-9) {
          queue.poll();
        }
      }
      backlogCredit = queue.isEmpty() ? 0 : capacity;
      return latencies;
    }
  }
}
