package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void dispatchesByTenant() {
    assertEquals(List.of("emotions", "hostility"), Datasets.tenants());
    Dataset emotions = Datasets.load("emotions", Split.TEST);
    assertEquals("emotions", emotions.name());
    assertEquals(5_427, emotions.size());
    Dataset hostility = Datasets.load("hostility", Split.DEV);
    assertEquals("hostility", hostility.name());
    assertEquals(564, hostility.size());
    assertEquals(28, Datasets.labels("emotions").size());
    assertEquals(Mlma.LABELS, Datasets.labels("hostility"));
  }

  @Test
  void unknownTenantNamesTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("sarcasm", Split.TRAIN));
    assertTrue(error.getMessage().contains("'sarcasm'"), error.getMessage());
    assertTrue(error.getMessage().contains("emotions") && error.getMessage().contains("hostility"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Datasets.labels("sarcasm"));
  }
}
