package dev.exitwise.soak;

import java.util.Locale;

/**
 * One observation of a soak run.
 *
 * @param elapsedSeconds since the run began
 * @param sent events the load generator has sent
 * @param lag input records not yet committed by the service's consumer group
 * @param residentBytes the service's resident set ({@code exitwise_process_resident_memory_bytes}); NaN if unknown
 * @param heapBytes JVM heap in use
 * @param nonHeapBytes JVM non-heap in use
 * @param classified events the service has classified since it started
 * @param deadLetters dead letters the service has written since it started
 */
public record SoakSample(double elapsedSeconds, long sent, long lag, double residentBytes, double heapBytes,
    double nonHeapBytes, double classified, double deadLetters) {

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER =
      "elapsed_s,sent,lag,rss_mb,heap_mb,nonheap_mb,classified,dead_letters";

  /** One CSV line. */
  public String csv() {
    return String.format(Locale.ROOT, "%.1f,%d,%d,%.1f,%.1f,%.1f,%.0f,%.0f", elapsedSeconds, sent, lag,
        residentBytes / (1 << 20), heapBytes / (1 << 20), nonHeapBytes / (1 << 20), classified, deadLetters);
  }
}
