package dev.exitwise.streams.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.PublishedModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reloader against real model directories of the tiny model: a published version is swapped in; a corrupt
 * version and one on another backbone are refused once each, with the reason, and the served version stays.
 */
@Timeout(60)
class ModelReloaderTest {
  private static final long SEED = 11L;

  @TempDir
  Path dir;

  @Test
  void swapsInPublishedVersionsAndRefusesBrokenOnesOnce() throws Exception {
    Path backbone = dir.resolve("backbone");
    TinyModels.writeBackboneDirectory(backbone, SEED);
    Path model = dir.resolve("model");
    TinyModels.publish(model, backbone, SEED, Map.of("a", List.of("x", "y")));
    ModelDirectory.Version served = ModelDirectory.current(model);
    List<String> refusals = new ArrayList<>();
    try (ClassifierPool pool = new ClassifierPool(() -> ExitwiseModel.load(served.directory(), Device.cpu()),
            ClassifierPool.ModelCalls.ON_STREAM_THREAD);
        ModelReloader reloader = ModelReloader.start(model, served, pool,
            directory -> ExitwiseModel.load(directory, Device.cpu()), Duration.ofHours(1))) {
      pool.addListener(new ClassifierPool.Listener() {
        @Override
        public void onRejected(String candidate, String problem) {
          refusals.add(candidate + ": " + problem);
        }
      });
      String first = pool.served().modelVersion();

      ModelDirectory.Published added = TinyModels.publish(model, backbone, SEED, Map.of("b", List.of("z")));
      reloader.poll();
      assertEquals(Set.of("a", "b"), pool.tenants());
      assertTrue(pool.served().modelVersion().endsWith("@" + added.id()), pool.served().modelVersion());
      assertTrue(!first.equals(pool.served().modelVersion()));

      String corrupt = PublishedModels.corruptCopy(model, "000900-corrupt");
      reloader.poll();
      reloader.poll();
      assertEquals(1, refusals.size(), "refused once, not at every poll: " + refusals);
      assertTrue(refusals.get(0).startsWith("version " + corrupt + ": tenant 'a': weights file"), refusals.get(0));
      assertTrue(pool.served().modelVersion().endsWith("@" + added.id()), "the served version stays");
      assertEquals(refusals.get(0), pool.lastRejection());

      Path otherBackbone = dir.resolve("other-backbone");
      TinyModels.writeBackboneDirectory(otherBackbone, SEED + 1);
      Path otherModel = dir.resolve("other-model");
      ModelDirectory.Published other = TinyModels.publish(otherModel, otherBackbone, SEED + 1,
          Map.of("a", List.of("x", "y")));
      java.nio.file.Files.move(other.directory(), model.resolve("versions").resolve("000901-other-backbone"));
      java.nio.file.Files.writeString(model.resolve("current"), "000901-other-backbone\n");
      reloader.poll();
      assertEquals(2, refusals.size(), refusals.toString());
      assertTrue(refusals.get(1).contains("a different backbone is a new deployment"), refusals.get(1));
      assertEquals(Set.of("a", "b"), pool.tenants());

      // the operator points back at the good version; the next publish builds on it
      java.nio.file.Files.writeString(model.resolve("current"), added.id() + "\n");
      reloader.poll();
      assertNull(pool.lastRejection(), "pointing back at the served version clears the refusal");
      ModelDirectory.Published fixed = TinyModels.publish(model, backbone, SEED, Map.of("c", List.of("w")));
      reloader.poll();
      assertTrue(pool.served().modelVersion().endsWith("@" + fixed.id()), pool.served().modelVersion());
    }
  }
}
