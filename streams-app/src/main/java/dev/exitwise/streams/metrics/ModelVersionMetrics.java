package dev.exitwise.streams.metrics;

import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.inference.ModelVersionInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which model the service serves, and its changes:
 *
 * <ul>
 *   <li>{@code exitwise.model.info{model_version}}: 1 for the served version (info-style gauge)
 *   <li>{@code exitwise.model.tenant.info{tenant,adapter_version,model_version}}: 1 per served tenant
 *   <li>{@code exitwise.model.swaps}: counter of versions swapped in while running
 *   <li>{@code exitwise.model.last.swap.time}: gauge, epoch seconds of the last swap (0 before any): dashboards
 *       annotate its changes
 *   <li>{@code exitwise.model.rejected}: counter of published versions refused (the served one stays)
 *   <li>{@code exitwise.model.rejected.pending}: gauge, 1 while the newest published version is a refused one
 * </ul>
 */
public final class ModelVersionMetrics implements ClassifierPool.Listener {
  private static final String NONE = "none";

  private final MultiGauge modelInfo;
  private final MultiGauge tenantInfo;
  private final Counter swaps;
  private final Counter rejected;
  private final AtomicLong lastSwapSeconds = new AtomicLong();
  private final AtomicLong rejectedPending = new AtomicLong();

  /** Registers the meters; bind to a pool with {@link ClassifierPool#addListener}. */
  public ModelVersionMetrics(MeterRegistry registry) {
    modelInfo = MultiGauge.builder("exitwise.model.info")
        .description("1 for the model version served (tag model_version)")
        .register(registry);
    tenantInfo = MultiGauge.builder("exitwise.model.tenant.info")
        .description("1 per tenant served, tagged with its adapter version and the model version")
        .register(registry);
    swaps = Counter.builder("exitwise.model.swaps")
        .description("Model versions swapped in while the service ran")
        .register(registry);
    rejected = Counter.builder("exitwise.model.rejected")
        .description("Published model versions refused; the served version kept serving (see /health and the log)")
        .register(registry);
    Gauge.builder("exitwise.model.last.swap.time", lastSwapSeconds, AtomicLong::get)
        .description("Epoch seconds of the last model swap, 0 before any")
        .register(registry);
    Gauge.builder("exitwise.model.rejected.pending", rejectedPending, AtomicLong::get)
        .description("1 while the newest published model version is one that was refused")
        .register(registry);
  }

  @Override
  public void onSwap(ModelVersionInfo before, ModelVersionInfo now) {
    modelInfo.register(List.of(MultiGauge.Row.of(Tags.of("model_version", now.modelVersion()), 1)), true);
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    now.adapterVersions().forEach((tenant, adapter) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant,
        "adapter_version", adapter == null ? NONE : adapter, "model_version", now.modelVersion()), 1)));
    tenantInfo.register(rows, true);
    rejectedPending.set(0);
    if (before != null) {
      swaps.increment();
      lastSwapSeconds.set(System.currentTimeMillis() / 1_000);
    }
  }

  @Override
  public void onRejectionCleared() {
    rejectedPending.set(0);
  }

  @Override
  public void onRejected(String candidate, String problem) {
    rejected.increment();
    rejectedPending.set(1);
  }
}
