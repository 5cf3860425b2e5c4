package dev.exitwise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's Java threads, grouped by what they do, to show where the pipeline's CPU goes besides the
 * model. PyTorch's intra-op workers are native threads and are not counted here.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** CPU nanoseconds so far of every live thread, by thread id and name. */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new HashMap<>();
    if (!THREADS.isThreadCpuTimeSupported()) {
      return out;
    }
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      var info = THREADS.getThreadInfo(id);
      if (cpu >= 0 && info != null) {
        out.put(id + "/" + info.getThreadName(), cpu);
      }
    }
    return out;
  }

  /** CPU nanoseconds used between two snapshots, by thread group (threads that ended in between are lost). */
  static Map<String, Long> used(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> byGroup = new LinkedHashMap<>();
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      byGroup.merge(group(thread.getKey()), thread.getValue() - before.getOrDefault(thread.getKey(), 0L),
          Long::sum);
    }
    return byGroup;
  }

  /** Each group's CPU milliseconds per event. */
  static Map<String, Double> millisPerEvent(Map<String, Long> nanosByGroup, long events) {
    Map<String, Double> out = new LinkedHashMap<>();
    nanosByGroup.forEach((group, nanos) -> out.put(group, nanos / 1e6 / Math.max(1, events)));
    return out;
  }

  /** The group of a thread name. */
  static String group(String threadName) {
    String name = threadName.toLowerCase(Locale.ROOT);
    if (name.contains("streamthread") && name.endsWith("-model")) {
      return "model thread (DJL calls, tokenizer, its share of PyTorch's work)";
    }
    if (name.contains("streamthread")) {
      return "Streams thread (serdes, state store, forwarding, commits)";
    }
    if (name.contains("producer-network-thread")) {
      return "producer I/O";
    }
    if (name.contains("bench-") || name.endsWith("/main")) {
      return "benchmark (event producer, output reader)";
    }
    return "broker, controller and the rest";
  }
}
