package dev.exitwise.model.iapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.exitwise.model.runtime.DjlRuntime;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterCountTest {
  @Test
  void bgeSmallWithBottleneck32MatchesTheSpecification() {
    DjlRuntime.configure(null);
    List<String> labels = Collections.nCopies(28, "label");
    try (NDManager manager = DjlRuntime.engine().newBaseManager();
        TenantAdapter adapter = TenantAdapter.initialize("emotions", labels, 12, 384, IaptConfig.DEFAULT, null, 1,
            manager)) {
      long generators = adapter.generatorParameterCount();
      long heads = adapter.headParameterCount();
      System.out.printf("IAPT parameters for BGE-small (12 x 384), bottleneck 32: %,d without heads; "
          + "28-label heads add %,d; total %,d%n", generators, heads, generators + heads);
      assertEquals(301_584, generators);
      assertEquals(12 * IaptConfig.DEFAULT.generatorParametersPerLayer(384), generators);
      assertEquals(12 * (384 + 384 + 384 * 28 + 28), heads); // LayerNorm gain and bias, Linear
    }
  }
}
