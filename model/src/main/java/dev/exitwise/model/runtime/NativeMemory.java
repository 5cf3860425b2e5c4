package dev.exitwise.model.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Optional;

/**
 * Hands memory that PyTorch has freed back to the operating system, where the C library can ({@code malloc_trim}
 * of GNU libc).
 *
 * <p>Why: a forward pass allocates its activations with {@code malloc}, megabytes each and of another size for every
 * batch shape. glibc keeps freed chunks in its arenas for reuse; with the shapes of a stream always changing, the
 * free space fragments and the resident set climbs for as long as the process runs, although nothing leaks.
 * {@code malloc_trim(0)} releases the free pages of every arena (with {@code madvise}), which keeps the resident set
 * flat at no measurable cost in throughput (docs/performance.md, "Soak and chaos, from outside").
 */
public final class NativeMemory {
  private static final Optional<Function> MALLOC_TRIM = lookUpMallocTrim();

  private NativeMemory() {
  }

  /** Whether this process's C library has {@code malloc_trim} (Linux with GNU libc), so {@link #trim} does work. */
  public static boolean trimAvailable() {
    return MALLOC_TRIM.isPresent();
  }

  /**
   * Releases the free memory of every malloc arena to the system.
   *
   * @return whether any memory was released; false also where {@link #trimAvailable()} is false
   */
  public static boolean trim() {
    return MALLOC_TRIM.map(function -> function.invokeInt(new Object[] {0L}) == 1).orElse(false);
  }

  private static Optional<Function> lookUpMallocTrim() {
    if (!Platform.isLinux()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim"));
    } catch (UnsatisfiedLinkError noSuchFunction) {
      // another C library (musl, for one) has no malloc_trim
      return Optional.empty();
    }
  }
}
