package dev.exitwise.model.data;

import java.io.InputStream;

/** Opens the data files packaged under {@code /datasets/} on the classpath. */
final class ClasspathData {
  private ClasspathData() {}

  /**
   * Opens a packaged resource.
   *
   * @param path an absolute classpath path such as {@code /datasets/goemotions/train.tsv}
   * @throws IllegalStateException when the resource is missing, which means a broken build, not bad input
   */
  static InputStream open(String path) {
    InputStream in = ClasspathData.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          "data resource " + path + " is not on the classpath; the model jar is incomplete");
    }
    return in;
  }
}
