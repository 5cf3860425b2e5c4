package dev.exitwise.streams.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Swapping the pool's model: a call running on the old version finishes on it, the next call runs on the new one,
 * the old version is closed once its last call is done (not before), and the served tenants change at once.
 */
@Timeout(30)
class ClassifierPoolSwapTest {

  /** A stand-in classifier: answers with its version, can hold a call at a gate, records its close. */
  private static final class Versioned implements TextClassifier {
    final String version;
    final Set<String> tenants;
    final int layers;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate;
    volatile boolean closed;

    Versioned(String version, Set<String> tenants, int layers, CountDownLatch gate) {
      this.version = version;
      this.tenants = new LinkedHashSet<>(tenants);
      this.layers = layers;
      this.gate = gate;
    }

    @Override
    public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
      assertFalse(closed, "a closed classifier was called");
      entered.countDown();
      try {
        assertTrue(gate.await(20, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      assertFalse(closed, "closed while a call was running");
      List<ClassifyResult> out = new ArrayList<>();
      for (ClassifyRequest request : batch) {
        out.add(new ClassifyResult(request.tenant(), List.of(), new float[] {0.5f}, layers, layers, null, "full",
            false));
      }
      return out;
    }

    @Override
    public Set<String> tenants() {
      return tenants;
    }

    @Override
    public List<String> labels(String tenant) {
      return List.of("x");
    }

    @Override
    public int layerCount() {
      return layers;
    }

    @Override
    public int maxTokens() {
      return 128;
    }

    @Override
    public String modelVersion() {
      return version;
    }

    @Override
    public String adapterVersion(String tenant) {
      return version + "-" + tenant;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aRunningCallFinishesOnTheOldVersionAndTheNextRunsOnTheNew() throws Exception {
    CountDownLatch oldGate = new CountDownLatch(1);
    Versioned old = new Versioned("v1", Set.of("a"), 4, oldGate);
    Versioned next = new Versioned("v2", Set.of("a", "b"), 4, new CountDownLatch(0));
    List<ModelVersionInfo> swaps = new ArrayList<>();
    try (ClassifierPool pool = new ClassifierPool(() -> old)) {
      pool.addListener(new ClassifierPool.Listener() {
        @Override
        public void onSwap(ModelVersionInfo before, ModelVersionInfo now) {
          swaps.add(now);
        }
      });
      CompletableFuture<String> running = pool.submit(c -> c.modelVersion() + ":" + c.classify(
          List.of(new ClassifyRequest("a", "t", null))).size());
      assertTrue(old.entered.await(10, TimeUnit.SECONDS));

      pool.swap(() -> next, List.of(next));
      assertEquals(Set.of("a", "b"), pool.tenants(), "events are checked against the new tenants at once");
      assertEquals("v2", pool.served().modelVersion());
      assertEquals("v2-b", pool.served().adapterVersion("b"));
      assertFalse(old.closed, "the old version is in use");
      CompletableFuture<String> after = pool.submit(TextClassifier::modelVersion);

      oldGate.countDown();
      assertEquals("v1:1", running.get(10, TimeUnit.SECONDS), "the batch in flight finished on the old version");
      assertEquals("v2", after.get(10, TimeUnit.SECONDS));
      assertTrue(old.closed, "the old version was released after its last call");
      assertFalse(next.closed);
      assertEquals(List.of("v1", "v2"), swaps.stream().map(ModelVersionInfo::modelVersion).toList());
    }
    assertTrue(next.closed, "closing the pool closes the served version");
  }

  @Test
  void anotherLayerCountIsRefusedAndTheCandidateClosed() {
    Versioned old = new Versioned("v1", Set.of("a"), 4, new CountDownLatch(0));
    Versioned deeper = new Versioned("v2", Set.of("a"), 12, new CountDownLatch(0));
    try (ClassifierPool pool = new ClassifierPool(() -> old)) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> pool.swap(() -> deeper, List.of(deeper)));
      assertTrue(refused.getMessage().contains("new deployment"), refused.getMessage());
      assertTrue(deeper.closed);
      assertFalse(old.closed);
      assertEquals("v1", pool.served().modelVersion());
    }
  }
}
