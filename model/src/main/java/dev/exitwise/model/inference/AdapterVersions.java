package dev.exitwise.model.inference;

import dev.exitwise.model.data.LabelledFiles;
import java.nio.file.Path;

/**
 * The version of a tenant adapter: the first 12 hex digits of the SHA-256 of its weights file. It needs no
 * bookkeeping by whoever writes the file, changes exactly when the weights do, and is the same in every directory
 * and on every instance that holds the same weights.
 */
public final class AdapterVersions {
  /** Hex digits kept of the digest. */
  public static final int LENGTH = 12;

  private AdapterVersions() {}

  /**
   * The version of a weights file.
   *
   * @throws java.io.UncheckedIOException when it cannot be read
   */
  public static String of(Path weights) {
    return LabelledFiles.sha256(weights).substring(0, LENGTH);
  }
}
