package dev.exitwise.streams.slo;

import dev.exitwise.model.eval.ServingFront;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses, per tenant, the point of its serving front to serve: the deepest that keeps the latency target (and the
 * lag bound, where one is set), within the tenant's quality floor. Pure: it is told the latencies, the lag and the
 * time, and keeps no clock or thread of its own, so tests drive it with a fake clock.
 *
 * <p>Every {@link SloSettings#window()} it closes a tenant's measurement window and compares the window's p99 with
 * the target. Over the target, it steps one point shallower, unless the latency is already falling (this window's
 * p99 at least 10 % below the last one's: the backlog is draining at the current point, and another step would only
 * overshoot). Once every window for {@link SloSettings#deeperAfter()} has had its p99 (and lag) under {@link
 * SloSettings#deeperMargin()} of the target, it steps one point deeper; each further step deeper waits another such
 * calm time at the new point, and a window that is not calm restarts the wait. In between it holds. The gap between the two thresholds and the long wait before going deeper are the
 * hysteresis: a point that just holds the target is kept, and a burst that ends is not followed by a step back at the
 * first quiet window. A tenant with no events in a window is calm.
 *
 * <p>Thread-safe: the stream threads {@link #record} latencies while one thread {@link #tick}s.
 */
public final class DepthController {
  /** A window whose p99 is this fraction of the last one's or lower counts as recovering. */
  static final double RECOVERING = 0.9;

  private final SloSettings settings;
  private final Map<String, TenantState> tenants = new LinkedHashMap<>();

  /**
   * One step of one tenant.
   *
   * @param tenant the tenant
   * @param from the point served before
   * @param to the point served from now on
   * @param p99Millis the p99 latency of the window that decided (-1: no events)
   * @param lag the input lag seen at the decision
   */
  public record Change(String tenant, ServingFront.Point from, ServingFront.Point to, long p99Millis, long lag) {
    /** Whether it steps to a faster point. */
    public boolean shallower() {
      return to.layerSpeedup() > from.layerSpeedup();
    }
  }

  /**
   * What the controller knows of a tenant now.
   *
   * @param point the point served
   * @param rung its index on the tenant's ladder, 0 the deepest
   * @param rungs how many points the tenant may be served at
   * @param lastP99Millis the p99 of the last closed window, -1 before the first or when it had no events
   */
  public record TenantView(ServingFront.Point point, int rung, int rungs, long lastP99Millis) {}

  /**
   * @param settings the target and how to move; must be {@link SloSettings#enabled()}
   * @param fronts each tenant's serving front (tenants with an empty one are left alone)
   * @param nowMillis the time, which starts every tenant's first window
   */
  public DepthController(SloSettings settings, Map<String, List<ServingFront.Point>> fronts, long nowMillis) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("the controller needs a latency target");
    }
    this.settings = settings;
    setFronts(fronts, nowMillis);
  }

  /**
   * Takes new fronts (a new model version): a tenant kept is placed on the point of its new ladder nearest in
   * speed-up to the one it was served at, a new tenant starts at its deepest point, and a tenant that is gone or has
   * no front any more (pinned) is dropped.
   */
  public synchronized void setFronts(Map<String, List<ServingFront.Point>> fronts, long nowMillis) {
    Map<String, TenantState> before = new LinkedHashMap<>(tenants);
    tenants.clear();
    fronts.forEach((tenant, front) -> {
      List<ServingFront.Point> ladder = Ladder.of(front, settings.qualityFloors().maxDropPoints(tenant),
          settings.stepRatio());
      if (!ladder.isEmpty()) {
        TenantState old = before.get(tenant);
        TenantState state = new TenantState(ladder, nowMillis);
        if (old != null) {
          state.rung = nearest(ladder, old.point().layerSpeedup());
        }
        tenants.put(tenant, state);
      }
    });
  }

  private static int nearest(List<ServingFront.Point> ladder, double speedup) {
    int best = 0;
    for (int i = 1; i < ladder.size(); i++) {
      if (Math.abs(ladder.get(i).layerSpeedup() - speedup) < Math.abs(ladder.get(best).layerSpeedup() - speedup)) {
        best = i;
      }
    }
    return best;
  }

  /** Counts one event's latency from event time to output; ignored for a tenant the controller does not move. */
  public synchronized void record(String tenant, long latencyMillis) {
    TenantState state = tenants.get(tenant);
    if (state != null) {
      state.window.add(latencyMillis);
    }
  }

  /**
   * Closes the windows that have lasted {@link SloSettings#window()} and moves their tenants as the class comment
   * says.
   *
   * @param nowMillis the time
   * @param lag the input topic's consumer lag now (records), or -1 when unknown
   * @return the tenants that changed point, in tenant order
   */
  public synchronized List<Change> tick(long nowMillis, long lag) {
    List<Change> changes = new java.util.ArrayList<>();
    tenants.forEach((tenant, state) -> {
      if (nowMillis - state.windowStartMillis >= settings.window().toMillis()) {
        ServingFront.Point before = state.point();
        long p99 = state.closeWindow(nowMillis, lag);
        if (state.point() != before) {
          changes.add(new Change(tenant, before, state.point(), p99, lag));
        }
      }
    });
    return changes;
  }

  /** The point each tenant it moves is served at now. */
  public synchronized Map<String, ServingFront.Point> chosen() {
    Map<String, ServingFront.Point> out = new LinkedHashMap<>();
    tenants.forEach((tenant, state) -> out.put(tenant, state.point()));
    return out;
  }

  /** What it knows of each tenant it moves. */
  public synchronized Map<String, TenantView> view() {
    Map<String, TenantView> out = new LinkedHashMap<>();
    tenants.forEach((tenant, state) -> out.put(tenant,
        new TenantView(state.point(), state.rung, state.ladder.size(), state.lastP99Millis)));
    return out;
  }

  /** One tenant's ladder, position and measurement. */
  private final class TenantState {
    final List<ServingFront.Point> ladder;
    final LatencyWindow window = new LatencyWindow();
    int rung;
    long windowStartMillis;
    long lastP99Millis = -1;
    long lastLag = -1;
    /** Since when the windows have been calm; -1 while they are not. */
    long calmSinceMillis = -1;

    TenantState(List<ServingFront.Point> ladder, long nowMillis) {
      this.ladder = ladder;
      this.windowStartMillis = nowMillis;
    }

    ServingFront.Point point() {
      return ladder.get(rung);
    }

    /** Decides on the window that ends now, starts the next, and returns the closed window's p99. */
    long closeWindow(long nowMillis, long lag) {
      long p99 = window.p99();
      long target = settings.latencyP99Millis();
      boolean lagBound = settings.maxLag() > 0 && lag >= 0;
      boolean latencyOver = p99 > target && !(lastP99Millis > 0 && p99 <= lastP99Millis * RECOVERING);
      boolean lagOver = lagBound && lag > settings.maxLag() && !(lastLag > 0 && lag <= lastLag * RECOVERING);
      boolean calm = p99 < target * settings.deeperMargin()
          && !(lagBound && lag >= settings.maxLag() * settings.deeperMargin());
      if ((latencyOver || lagOver) && rung < ladder.size() - 1) {
        rung++;
        calmSinceMillis = -1;
      } else if (calm) {
        if (calmSinceMillis < 0) {
          calmSinceMillis = windowStartMillis;
        }
        if (rung > 0 && nowMillis - calmSinceMillis >= settings.deeperAfter().toMillis()) {
          rung--;
          // the next step deeper waits a whole calm time at this point: a point that cannot keep up with the load
          // shows it only once its queue has grown, and stepping on at every calm window walked a tenant back to
          // full depth in the middle of a burst
          calmSinceMillis = nowMillis;
        }
      } else {
        calmSinceMillis = -1;
      }
      lastP99Millis = p99;
      lastLag = lag;
      window.clear();
      windowStartMillis = nowMillis;
      return p99;
    }
  }
}
