package dev.exitwise.soak;

import java.util.Locale;

/**
 * One observation of a soak run.
 *
 * @param elapsedSeconds since the run began
 * @param sent events the load generator has sent
 * @param lag input records not yet committed by the service's consumer group; {@link #UNKNOWN_LAG} if unknown
 * @param residentBytes the service's resident set ({@code exitwise_process_resident_memory_bytes}); NaN if unknown
 * @param heapBytes JVM heap in use; NaN if unknown
 * @param nonHeapBytes JVM non-heap in use; NaN if unknown
 * @param classified events the service has classified since it started; NaN if unknown
 * @param deadLetters dead letters the service has written since it started; NaN if unknown
 */
public record SoakSample(double elapsedSeconds, long sent, long lag, double residentBytes, double heapBytes,
    double nonHeapBytes, double classified, double deadLetters) {

  /** The lag of a sample whose consumer group could not be read in time. */
  public static final long UNKNOWN_LAG = -1;

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER =
      "elapsed_s,sent,lag,rss_mb,heap_mb,nonheap_mb,classified,dead_letters";

  /** One CSV line. */
  public String csv() {
    return String.format(Locale.ROOT, "%.1f,%d,%d,%.1f,%.1f,%.1f,%.0f,%.0f", elapsedSeconds, sent, lag,
        residentBytes / (1 << 20), heapBytes / (1 << 20), nonHeapBytes / (1 << 20), classified, deadLetters);
  }

  /**
   * Reads one line written by {@link #csv()}.
   *
   * @throws IllegalArgumentException when the line does not have the eight numbers of {@link #CSV_HEADER}
   */
  public static SoakSample parse(String line) {
    String[] fields = line.split(",");
    if (fields.length != 8) {
      throw new IllegalArgumentException("expected the 8 fields of '" + CSV_HEADER + "', found " + fields.length
          + ": " + line);
    }
    double[] values = new double[8];
    for (int i = 0; i < 8; i++) {
      values[i] = Double.parseDouble(fields[i]);
    }
    double mebibyte = 1 << 20;
    return new SoakSample(values[0], (long) values[1], (long) values[2], values[3] * mebibyte, values[4] * mebibyte,
        values[5] * mebibyte, values[6], values[7]);
  }
}
