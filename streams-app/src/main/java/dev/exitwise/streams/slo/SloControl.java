package dev.exitwise.streams.slo;

import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.exit.ExitPolicies;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.streams.batching.BatchObserver;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.inference.ModelVersionInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link DepthController} in the service: the micro-batchers report each event's latency ({@link
 * #onOutput}), a thread of its own ticks the controller several times per window with the input lag, and each
 * change of point is handed to the {@link ClassifierPool}, which serves it from the next model call on, the way it
 * serves a new model version. A new model version (a recalibration, an operator pinning a tenant) gives the
 * controller the new fronts.
 *
 * <p>Meters, per tenant it moves:
 *
 * <ul>
 *   <li>{@code exitwise.slo.point.speedup{tenant}}: the dev layer speed-up of the point served (1 = full depth)
 *   <li>{@code exitwise.slo.point.drop.points{tenant}}: its dev macro-F1 drop from full depth, in points
 *   <li>{@code exitwise.slo.point.rung{tenant}}: its index on the tenant's ladder, 0 the deepest
 *   <li>{@code exitwise.slo.latency.p99{tenant}} (seconds): the p99 of the controller's last closed window
 *   <li>{@code exitwise.slo.latency.target} (seconds): the target
 *   <li>{@code exitwise.slo.changes{tenant,direction}}: steps taken, {@code shallower} or {@code deeper}
 * </ul>
 */
public final class SloControl implements BatchObserver, ClassifierPool.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloControl.class);
  private static final int TICKS_PER_WINDOW = 5;

  private final SloSettings settings;
  private final ClassifierPool pool;
  private final MeterRegistry registry;
  private final LongSupplier clockMillis;
  private final DepthController controller;
  private final Set<String> metered = ConcurrentHashMap.newKeySet();
  private volatile Map<String, DepthController.TenantView> view = Map.of();
  private ScheduledExecutorService ticker;
  private volatile boolean closed;

  /**
   * Builds the controller over the fronts the pool's model serves now; nothing runs until {@link #start}.
   *
   * @param settings the target; must be {@link SloSettings#enabled()}
   */
  public SloControl(SloSettings settings, ClassifierPool pool, MeterRegistry registry, LongSupplier clockMillis) {
    this.settings = settings;
    this.pool = pool;
    this.registry = registry;
    this.clockMillis = clockMillis;
    this.controller = new DepthController(settings, pool.served().fronts(), clockMillis.getAsLong());
    Gauge.builder("exitwise.slo.latency.target", () -> settings.latencyP99Millis() / 1000.0)
        .description("The SLO controller's target: p99 latency from event time to output")
        .baseUnit("seconds")
        .register(registry);
    publish();
    for (Map.Entry<String, List<ServingFront.Point>> front : pool.served().fronts().entrySet()) {
      if (!view.containsKey(front.getKey())) {
        LOG.warn("SLO: tenant '{}' is not moved: {}", front.getKey(), front.getValue().isEmpty()
            ? "it has no calibrated front (run exitwise calibrate) or an operator pinned its policy"
            : "its quality floor allows no point");
      }
    }
  }

  /**
   * Starts ticking: several times per window, with the input lag {@code lag} gives (-1 when unknown).
   *
   * @return this
   */
  public synchronized SloControl start(LongSupplier lag) {
    pool.addListener(this);
    long period = Math.max(10, settings.window().toMillis() / TICKS_PER_WINDOW);
    ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "exitwise-slo");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(() -> tick(lag), period, period, TimeUnit.MILLISECONDS);
    LOG.info("SLO: p99 target {} ms{}, window {} ms; tenants moved: {}", settings.latencyP99Millis(),
        settings.maxLag() > 0 ? ", lag bound " + settings.maxLag() : "", settings.window().toMillis(), describe());
    return this;
  }

  private String describe() {
    Map<String, String> out = new LinkedHashMap<>();
    view.forEach((tenant, state) -> out.put(tenant, state.rungs() + " points, at " + state.point().policy()));
    return out.toString();
  }

  @Override
  public void onOutput(String tenant, long latencyMillis) {
    controller.record(tenant, latencyMillis);
  }

  @Override
  public void onSwap(ModelVersionInfo before, ModelVersionInfo now) {
    if (before != null && !closed) {
      controller.setFronts(now.fronts(), clockMillis.getAsLong());
      publish();
      LOG.info("SLO: model {} served; tenants moved: {}", now.modelVersion(), describe());
    }
  }

  /**
   * One tick: closes the windows that are due, logs and serves the changes. The ticker {@link #start} runs calls it;
   * a test calls it with a fake clock instead.
   */
  public void tick(LongSupplier lag) {
    try {
      long inputLag = lag.getAsLong();
      List<DepthController.Change> changes = controller.tick(clockMillis.getAsLong(), inputLag);
      for (DepthController.Change change : changes) {
        LOG.info("SLO: tenant '{}' {} to {} ({}x layer speed-up, dev macro-F1 drop {} points): p99 {} ms against {} ms"
            + "{}", change.tenant(), change.shallower() ? "shallower" : "deeper", change.to().policy(),
            String.format(java.util.Locale.ROOT, "%.2f", change.to().layerSpeedup()),
            String.format(java.util.Locale.ROOT, "%.2f", change.to().macroF1DropPoints()), change.p99Millis(),
            settings.latencyP99Millis(), inputLag >= 0 && settings.maxLag() > 0 ? ", lag " + inputLag : "");
        Counter.builder("exitwise.slo.changes").description("Steps of the SLO controller")
            .tag("tenant", change.tenant()).tag("direction", change.shallower() ? "shallower" : "deeper")
            .register(registry).increment();
      }
      publish();
    } catch (RuntimeException e) {
      // a failed tick must not end the ticker: the next one tries again
      LOG.error("SLO: a controller tick failed", e);
    }
  }

  /** Hands the chosen points to the pool and the meters. */
  private void publish() {
    Map<String, ExitPolicy> policies = new LinkedHashMap<>();
    controller.chosen().forEach((tenant, point) -> policies.put(tenant, ExitPolicies.parse(point.policy())));
    pool.choosePolicies(policies);
    view = controller.view();
    view.keySet().forEach(this::meter);
  }

  private void meter(String tenant) {
    if (!metered.add(tenant)) {
      return;
    }
    gauge("exitwise.slo.point.speedup", tenant, "Dev layer speed-up of the point the SLO controller serves",
        state -> state.point().layerSpeedup());
    gauge("exitwise.slo.point.drop.points", tenant,
        "Dev macro-F1 drop from full depth, in points, of the point the SLO controller serves",
        state -> state.point().macroF1DropPoints());
    gauge("exitwise.slo.point.rung", tenant, "Index of the point served on the tenant's ladder, 0 the deepest",
        DepthController.TenantView::rung);
    Gauge.builder("exitwise.slo.latency.p99", () -> {
      DepthController.TenantView state = view.get(tenant);
      return state == null || state.lastP99Millis() < 0 ? Double.NaN : state.lastP99Millis() / 1000.0;
    }).description("p99 latency from event time to output in the SLO controller's last window")
        .baseUnit("seconds").tag("tenant", tenant).register(registry);
  }

  private void gauge(String name, String tenant, String description,
      ToDoubleFunction<DepthController.TenantView> value) {
    Gauge.builder(name, () -> {
      DepthController.TenantView state = view.get(tenant);
      return state == null ? Double.NaN : value.applyAsDouble(state);
    }).description(description).tag("tenant", tenant).register(registry);
  }

  /** The point each tenant it moves is served at now. */
  public Map<String, ServingFront.Point> chosen() {
    return controller.chosen();
  }

  /** Stops ticking and serves every tenant as its model version says again. */
  @Override
  public synchronized void close() {
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    pool.choosePolicies(Map.of());
  }
}
