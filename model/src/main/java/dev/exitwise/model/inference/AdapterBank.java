package dev.exitwise.model.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.exitwise.model.iapt.GeneratorWeights;
import dev.exitwise.model.iapt.HeadWeights;
import dev.exitwise.model.iapt.TenantAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Every tenant's adapter weights stacked on a leading tenant axis, so that a batch mixing tenants gathers each
 * row's small generator and head weights with one indexing operation per array. Exit heads of tenants with fewer
 * labels are padded with zero columns up to the largest label count; padded logits are never read.
 */
final class AdapterBank implements AutoCloseable {
  private final List<TenantAdapter> adapters;
  private final NDManager manager;
  private final int maxLabels;
  private final List<NDArray[]> generatorStacks = new ArrayList<>(); // per layer: the 7 generator arrays
  private final List<NDArray[]> headStacks = new ArrayList<>(); // per layer: the 4 head arrays

  AdapterBank(List<TenantAdapter> adapters, NDManager parent) {
    this.adapters = List.copyOf(adapters);
    this.manager = parent.newSubManager();
    this.maxLabels = adapters.stream().mapToInt(a -> a.labels().size()).max().orElse(0);
    int layers = adapters.get(0).layerCount();
    for (int layer = 0; layer < layers; layer++) {
      int l = layer;
      generatorStacks.add(new NDArray[] {
        stack(a -> a.generator(l).down()),
        stack(a -> a.generator(l).downBias()).expandDims(1), // [T, 1, m]
        stack(a -> a.generator(l).queries()),
        stack(a -> a.generator(l).numerator()),
        stack(a -> a.generator(l).denominator()),
        stack(a -> a.generator(l).up()),
        stack(a -> a.generator(l).upBias()).expandDims(1), // [T, 1, d]
      });
      headStacks.add(new NDArray[] {
        stack(a -> a.head(l).normGain()),
        stack(a -> a.head(l).normBias()),
        stack(a -> padColumns(a.head(l).weight())), // [T, d, maxLabels]
        stack(a -> padColumns(a.head(l).bias())), // [T, maxLabels]
      });
    }
  }

  int tenantCount() {
    return adapters.size();
  }

  TenantAdapter adapter(int tenantIndex) {
    return adapters.get(tenantIndex);
  }

  int maxLabels() {
    return maxLabels;
  }

  /**
   * Layer {@code layer}'s generator weights for the rows of a batch.
   *
   * @param singleTenant the tenant index when every row has the same tenant (no gather), else -1
   * @param rowTenants [b] int64 tenant index per row, read when {@code singleTenant < 0}
   */
  GeneratorWeights generator(int layer, int singleTenant, NDArray rowTenants, NDManager step) {
    if (singleTenant >= 0) {
      return adapters.get(singleTenant).generator(layer);
    }
    NDArray[] g = gather(generatorStacks.get(layer), rowTenants, step);
    return new GeneratorWeights(g[0], g[1], g[2], g[3], g[4], g[5], g[6]);
  }

  /** Layer {@code layer}'s exit heads for the rows of a batch; logits have {@link #maxLabels()} columns when gathered. */
  HeadWeights head(int layer, int singleTenant, NDArray rowTenants, NDManager step) {
    if (singleTenant >= 0) {
      return adapters.get(singleTenant).head(layer);
    }
    NDArray[] h = gather(headStacks.get(layer), rowTenants, step);
    return new HeadWeights(h[0], h[1], h[2], h[3]);
  }

  private static NDArray[] gather(NDArray[] stacks, NDArray rowTenants, NDManager step) {
    NDArray[] out = new NDArray[stacks.length];
    for (int i = 0; i < stacks.length; i++) {
      out[i] = stacks[i].get(step, new NDIndex("{}", rowTenants));
    }
    return out;
  }

  private NDArray stack(java.util.function.Function<TenantAdapter, NDArray> part) {
    NDList parts = new NDList();
    for (TenantAdapter adapter : adapters) {
      parts.add(part.apply(adapter));
    }
    NDArray stacked = NDArrays.stack(parts);
    stacked.attach(manager);
    return stacked;
  }

  /** Pads the last axis (labels) with zeros up to {@link #maxLabels}. */
  private NDArray padColumns(NDArray array) {
    long[] shape = array.getShape().getShape();
    long missing = maxLabels - shape[shape.length - 1];
    if (missing == 0) {
      return array;
    }
    long[] padShape = shape.clone();
    padShape[padShape.length - 1] = missing;
    NDArray padded = array.concat(manager.zeros(new ai.djl.ndarray.types.Shape(padShape)), -1);
    padded.attach(manager);
    return padded;
  }

  @Override
  public void close() {
    manager.close();
  }
}
