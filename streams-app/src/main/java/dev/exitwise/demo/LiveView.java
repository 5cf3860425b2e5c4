package dev.exitwise.demo;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's terminal display: sample lines that scroll, and a status block of one line per tenant (events/s over
 * the last few seconds, labels so far, mean exit layer, exit-layer histogram, p99 latency) plus a progress line.
 * On a terminal ({@code redraw}) the block stays at the bottom and is redrawn in place with ANSI escapes; otherwise
 * it is printed as plain lines, at most every {@code plainIntervalMillis}.
 */
final class LiveView {
  private static final long RATE_WINDOW_NANOS = 3_000_000_000L;
  private static final String CURSOR_UP = "\u001b[%dA";
  private static final String CLEAR_DOWN = "\u001b[J";

  private final PrintWriter out;
  private final boolean redraw;
  private final boolean unicode;
  private final long plainIntervalNanos;
  private final Map<String, Deque<long[]>> history = new HashMap<>();
  private int drawnLines;
  private long lastPlainNanos = System.nanoTime();

  LiveView(PrintWriter out, boolean redraw, boolean unicode, long plainIntervalMillis) {
    this.out = out;
    this.redraw = redraw;
    this.unicode = unicode;
    this.plainIntervalNanos = plainIntervalMillis * 1_000_000L;
  }

  /** Prints a line above the status block. */
  void sample(String line) {
    eraseBlock();
    out.println(line);
    drawnLines = 0;
    out.flush();
  }

  /**
   * Shows the current state.
   *
   * @param force print even if a plain line was printed less than the interval ago
   */
  void refresh(List<TenantTally> tallies, String progress, long nowNanos, boolean force) {
    List<String> lines = new java.util.ArrayList<>();
    for (TenantTally tally : tallies) {
      double rate = rate(tally.tenant(), tally.labelled(), nowNanos);
      lines.add(tenantLine(tally, rate));
    }
    lines.add("  " + progress);
    if (redraw) {
      eraseBlock();
      lines.forEach(out::println);
      drawnLines = lines.size();
    } else if (force || nowNanos - lastPlainNanos >= plainIntervalNanos) {
      lines.forEach(out::println);
      lastPlainNanos = nowNanos;
    }
    out.flush();
  }

  /** Leaves the last block on screen; later output goes below it. */
  void finish() {
    drawnLines = 0;
    out.flush();
  }

  private void eraseBlock() {
    if (redraw && drawnLines > 0) {
      out.print("\r" + String.format(Locale.ROOT, CURSOR_UP, drawnLines) + CLEAR_DOWN);
    }
  }

  private String tenantLine(TenantTally tally, double rate) {
    String mean = tally.labelled() == 0 ? "   -" : String.format(Locale.ROOT, "%5.2f", tally.meanExitLayer());
    return String.format(Locale.ROOT, "  %-10s %6.1f ev/s %7d labelled   mean exit %s/%d  %s   p99 %4d ms   dead %d",
        tally.tenant(), rate, tally.labelled(), mean, tally.exitCounts().length,
        Sparkline.of(tally.exitCounts(), unicode), tally.latencyPercentileMillis(99), tally.deadLetters());
  }

  /** Labels per second over the last few seconds: (count now - count then) / (now - then). */
  private double rate(String tenant, long count, long nowNanos) {
    Deque<long[]> points = history.computeIfAbsent(tenant, key -> new ArrayDeque<>());
    points.addLast(new long[] {nowNanos, count});
    while (points.size() > 2 && nowNanos - points.peekFirst()[0] > RATE_WINDOW_NANOS) {
      points.removeFirst();
    }
    long[] first = points.peekFirst();
    double seconds = (nowNanos - first[0]) / 1e9;
    return seconds <= 0 ? 0 : (count - first[1]) / seconds;
  }
}
