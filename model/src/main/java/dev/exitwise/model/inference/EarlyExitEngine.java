package dev.exitwise.model.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.PackedLayout;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.iapt.AdapterForward;
import dev.exitwise.model.iapt.GeneratorWeights;
import dev.exitwise.model.iapt.TenantAdapter;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Batched inference with a per-row exit (docs/algorithms.md §1.5 and §3). One forward pass over a batch: at every
 * layer each row's generator makes its soft prompts, the frozen layer runs, each row's exit head scores the
 * [CLS] state and the row's exit policy decides. The hidden states are packed (real tokens back to back, see
 * {@link PackedLayout}), so the dense parts of a layer never compute on padding. Rows that exit are written out and
 * removed from the working tensors (hidden states, tenant index, layout; the attention grid shrinks to the longest
 * survivor), so later layers compute only for the rows still running. A row's answer does not depend on its batch.
 */
public final class EarlyExitEngine implements AutoCloseable {
  private final Backbone backbone;
  private final AdapterBank bank;

  /** The adapters must match the backbone's layer count and hidden size; their order is the tenant index. */
  public EarlyExitEngine(Backbone backbone, List<TenantAdapter> adapters) {
    if (adapters.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one tenant adapter");
    }
    BertEncoder encoder = backbone.encoder();
    for (TenantAdapter adapter : adapters) {
      if (adapter.layerCount() != encoder.config().layerCount()
          || adapter.hidden() != encoder.config().hiddenSize()) {
        throw new IllegalArgumentException("adapter '" + adapter.tenant() + "' was made for "
            + adapter.layerCount() + " layers of width " + adapter.hidden() + ", the backbone has "
            + encoder.config().layerCount() + " of width " + encoder.config().hiddenSize());
      }
    }
    this.backbone = backbone;
    this.bank = new AdapterBank(adapters, encoder.manager());
  }

  public Backbone backbone() {
    return backbone;
  }

  public int layerCount() {
    return backbone.encoder().config().layerCount();
  }

  /** The adapter of a tenant index. */
  public TenantAdapter adapter(int tenantIndex) {
    return bank.adapter(tenantIndex);
  }

  public int tenantCount() {
    return bank.tenantCount();
  }

  /**
   * Runs one batch.
   *
   * @param texts the texts
   * @param instructions per-row task instructions (null entries, or a null list, for none)
   * @param tenants per-row tenant index
   * @param policies the exit policy of each tenant index
   * @param observer sees every layer's logits, or null
   * @return one outcome per row, in input order
   */
  public List<RowOutcome> run(List<String> texts, List<String> instructions, int[] tenants,
      IntFunction<ExitPolicy> policies, LayerObserver observer) {
    int size = texts.size();
    if (size == 0) {
      return List.of();
    }
    BertEncoder encoder = backbone.encoder();
    TokenBatch tokens = backbone.tokenizer().encode(texts, instructions);
    ExitPolicy.RowState[] states = new ExitPolicy.RowState[size];
    float[][] traces = new float[size][];
    RowOutcome[] outcomes = new RowOutcome[size];
    for (int row = 0; row < size; row++) {
      states[row] = policies.apply(tenants[row]).start();
      traces[row] = new float[layerCount()];
      Arrays.fill(traces[row], Float.NaN);
    }
    int[] alive = new int[size]; // original positions of the rows still running
    for (int row = 0; row < size; row++) {
      alive[row] = row;
    }
    try (NDManager batch = encoder.manager().newSubManager()) {
      // the real tokens back to back, [t, d]: the dense parts of every layer skip the padding
      PackedLayout layout = PackedLayout.of(tokens.lengths());
      PackedLayout.Indexes grid = layout.indexes(batch); // rebuilt only when rows leave
      NDArray hidden = encoder.embedPacked(tokens.idsArray(batch), tokens.typeIdsArray(batch), grid);
      hidden.attach(batch);
      NDArray rowTenants = batch.create(toLongs(tenants, alive)); // [b]
      for (int layer = 0; layer < layerCount() && alive.length > 0; layer++) {
        try (NDManager step = batch.newSubManager()) {
          hidden.attach(step);
          rowTenants.attach(step);
          grid.attach(step);
          int single = singleTenant(tenants, alive);
          GeneratorWeights generator = bank.generator(layer, single, rowTenants, step);
          NDArray prompts = AdapterForward.prompts(generator, BertEncoder.unpack(hidden, grid),
              grid.attentionBias(), 0f, false, step); // [b, k, d]
          NDArray next = encoder.packedLayer(layer, hidden, grid, prompts); // [t, d]
          NDArray logits = AdapterForward.logits(
              bank.head(layer, single, rowTenants, step), BertEncoder.packedCls(next, grid), 0f, false); // [b, C]
          float[][] rowLogits = rows(logits.toFloatArray(), alive.length);
          if (observer != null) {
            observer.onLayer(layer + 1, alive.clone(), rowLogits);
          }
          boolean last = layer == layerCount() - 1;
          boolean[] exited = new boolean[alive.length];
          for (int i = 0; i < alive.length; i++) {
            int row = alive[i];
            int labelCount = bank.adapter(tenants[row]).labels().size();
            boolean exits = states[row].offer(layer + 1, rowLogits[i], labelCount);
            traces[row][layer] = states[row].lastScore();
            exited[i] = exits || last;
            if (exited[i]) {
              outcomes[row] = new RowOutcome(tenants[row], Arrays.copyOf(rowLogits[i], labelCount), layer + 1,
                  Arrays.copyOf(traces[row], layer + 1), tokens.truncated()[row]);
            }
          }
          Survivors survivors = Survivors.of(alive, exited);
          if (survivors.count() > 0 && !survivors.all(alive.length)) {
            next = next.get(new NDIndex("{}", layout.tokensOf(survivors.positions(), step)));
            rowTenants = rowTenants.get(new NDIndex("{}", step.create(survivors.positionsAsLongs())));
            layout = layout.select(survivors.positions()); // as wide as its longest survivor
            grid = layout.indexes(step);
          }
          alive = survivors.rows();
          next.attach(batch);
          rowTenants.attach(batch);
          grid.attach(batch);
          hidden = next;
        }
      }
    }
    return List.of(outcomes);
  }

  /** The tenant index shared by all alive rows, or -1 when they differ. */
  private static int singleTenant(int[] tenants, int[] alive) {
    int first = tenants[alive[0]];
    for (int row : alive) {
      if (tenants[row] != first) {
        return -1;
      }
    }
    return first;
  }

  private static long[] toLongs(int[] values, int[] positions) {
    int n = positions == null ? values.length : positions.length;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = positions == null ? values[i] : values[positions[i]];
    }
    return out;
  }

  private static float[][] rows(float[] flat, int rowCount) {
    int width = flat.length / rowCount;
    float[][] out = new float[rowCount][];
    for (int i = 0; i < rowCount; i++) {
      out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  /** Releases the stacked adapter weights; the backbone and the adapters belong to the caller. */
  @Override
  public void close() {
    bank.close();
  }
}
