package dev.exitwise.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting the operators a caller dispatched in a PyTorch profiler trace, not those they called internally. */
class LayerProfileTest {
  @TempDir
  Path folder;

  @Test
  void operatorsInsideAnotherOnTheSameThreadAreNotCountedAgain() throws Exception {
    // thread 1: linear [0, 100) calls t [2, 10) and addmm [12, 95); then add [110, 120)
    // thread 2: one softmax [5, 50), overlapping thread 1's linear in time
    Path trace = folder.resolve("trace.json");
    Files.writeString(trace, "[\n"
        + event("aten::t", 2, 8, 1) + ",\n"
        + event("aten::linear", 0, 100, 1) + ",\n"
        + event("aten::addmm", 12, 83, 1) + ",\n"
        + event("aten::add", 110, 10, 1) + ",\n"
        + event("aten::softmax", 5, 45, 2) + ",\n"
        + "{\"name\": \"meta\", \"ph\": \"M\", \"ts\": 0, \"tid\": 1}\n"
        + "]\n");

    LayerProfile.TopLevel top = LayerProfile.topLevelOperators(trace);

    assertEquals(3, top.count());
    assertEquals(100 + 10 + 45, top.micros(), 1e-9);
  }

  @Test
  void anEmptyTraceHasNoOperators() throws Exception {
    Path trace = folder.resolve("empty.json");
    Files.writeString(trace, "[\n]\n");
    assertEquals(0, LayerProfile.topLevelOperators(trace).count());
  }

  private static String event(String name, double start, double duration, int thread) {
    return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": " + duration + ", \"tid\": "
        + thread + ", \"pid\": \"CPU Functions\", \"args\": {}}";
  }
}
