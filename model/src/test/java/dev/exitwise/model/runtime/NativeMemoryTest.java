package dev.exitwise.model.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  private static final long CHUNK = 64 * 1024;
  private static final int CHUNKS = 3_200;
  private static final double MIB = 1024 * 1024;

  /**
   * The way PyTorch leaves memory behind: many mid-sized blocks freed below one still in use, so the allocator cannot
   * shrink its heap by itself. The trim must give most of those 200 MiB back.
   */
  @Test
  void trimHandsFreedHeapPagesBackToTheSystem() throws IOException {
    assertTrue(NativeMemory.trimAvailable(), "GNU libc on Linux, where the service runs, has malloc_trim");
    long[] blocks = new long[CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
      blocks[i] = Native.malloc(CHUNK);
      new Pointer(blocks[i]).setMemory(0, CHUNK, (byte) 1);
    }
    for (int i = 0; i < CHUNKS - 1; i++) {
      Native.free(blocks[i]);
    }
    try {
      double before = residentMiB();
      assertTrue(NativeMemory.trim(), "something was released");
      double released = before - residentMiB();
      assertTrue(released > 100, "released " + released + " MiB of the 200 freed");
    } finally {
      Native.free(blocks[CHUNKS - 1]);
    }
  }

  private static double residentMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024 / MIB;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
