package dev.exitwise.demo;

/**
 * A histogram in one line of text, one character per bucket, height relative to the fullest bucket: {@code
 * ▁▃█▆▂···} (an empty bucket is {@code ·}). With {@code unicode=false} the same in ASCII, {@code _.:-=+*#%@}
 * with {@code ' '} for empty, for terminals that cannot show block characters.
 */
public final class Sparkline {
  private static final String BLOCKS = "▁▂▃▄▅▆▇█";
  private static final String ASCII = ".:-=+*#@";

  private Sparkline() {}

  /** One character per count. */
  public static String of(long[] counts, boolean unicode) {
    long max = 0;
    for (long count : counts) {
      max = Math.max(max, count);
    }
    String levels = unicode ? BLOCKS : ASCII;
    StringBuilder line = new StringBuilder(counts.length);
    for (long count : counts) {
      if (count <= 0) {
        line.append(unicode ? '·' : '_');
      } else {
        int level = (int) Math.ceil((double) count * levels.length() / max) - 1;
        line.append(levels.charAt(Math.max(0, Math.min(levels.length() - 1, level))));
      }
    }
    return line.toString();
  }
}
