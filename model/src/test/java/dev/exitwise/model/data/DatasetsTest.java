package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void dispatchesByTenant() {
    assertEquals(List.of("emotions", "moderation"), Datasets.tenants());
    Dataset emotions = Datasets.load("emotions", Split.TEST);
    assertEquals("emotions", emotions.name());
    assertEquals(5_427, emotions.size());
    Dataset moderation = Datasets.load("moderation", Split.DEV);
    assertEquals("moderation", moderation.name());
    assertEquals(2_478, moderation.size());
    assertEquals(28, Datasets.labels("emotions").size());
    assertEquals(List.of("hateful", "offensive"), Datasets.labels("moderation"));
  }

  @Test
  void unknownTenantNamesTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("sarcasm", Split.TRAIN));
    assertTrue(error.getMessage().contains("'sarcasm'"), error.getMessage());
    assertTrue(error.getMessage().contains("emotions") && error.getMessage().contains("moderation"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Datasets.labels("sarcasm"));
  }
}
