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
 * @param heapCommittedBytes JVM heap committed (what the heap can hold resident); NaN if unknown, as in the CSV
 *     files of runs from before it was sampled
 */
public record SoakSample(double elapsedSeconds, long sent, long lag, double residentBytes, double heapBytes,
    double nonHeapBytes, double classified, double deadLetters, double heapCommittedBytes) {

  /** The lag of a sample whose consumer group could not be read in time. */
  public static final long UNKNOWN_LAG = -1;

  /** The CSV header of runs before the committed heap was sampled: {@link #parse} still reads their lines. */
  public static final String CSV_HEADER_WITHOUT_COMMITTED_HEAP =
      "elapsed_s,sent,lag,rss_mb,heap_mb,nonheap_mb,classified,dead_letters";

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER = CSV_HEADER_WITHOUT_COMMITTED_HEAP + ",heap_committed_mb";

  /**
   * The resident set outside the heap: the model's native memory, the JVM's own (code, metaspace, threads) and
   * Kafka's. NaN when either part is unknown.
   */
  public double outsideHeapBytes() {
    return residentBytes - heapCommittedBytes;
  }

  /** One CSV line. */
  public String csv() {
    return String.format(Locale.ROOT, "%.1f,%d,%d,%.1f,%.1f,%.1f,%.0f,%.0f,%.1f", elapsedSeconds, sent, lag,
        residentBytes / (1 << 20), heapBytes / (1 << 20), nonHeapBytes / (1 << 20), classified, deadLetters,
        heapCommittedBytes / (1 << 20));
  }

  /**
   * Reads one line written by {@link #csv()}, or by a soak from before the committed heap was sampled.
   *
   * @throws IllegalArgumentException when the line does not have the nine numbers of {@link #CSV_HEADER} (or the
   *     first eight)
   */
  public static SoakSample parse(String line) {
    String[] fields = line.split(",");
    if (fields.length != 8 && fields.length != 9) {
      throw new IllegalArgumentException("expected the 9 fields of '" + CSV_HEADER + "', found " + fields.length
          + ": " + line);
    }
    double[] values = new double[9];
    values[8] = Double.NaN;
    for (int i = 0; i < fields.length; i++) {
      values[i] = Double.parseDouble(fields[i]);
    }
    double mebibyte = 1 << 20;
    return new SoakSample(values[0], (long) values[1], (long) values[2], values[3] * mebibyte, values[4] * mebibyte,
        values[5] * mebibyte, values[6], values[7], values[8] * mebibyte);
  }
}
