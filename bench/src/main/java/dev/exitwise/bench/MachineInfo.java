package dev.exitwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as its report states it.
 *
 * @param processors processors the JVM sees ({@code nproc})
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}
 * @param memoryGiB {@code MemTotal} of {@code /proc/meminfo} in GiB, or 0 where unknown
 * @param jvm JVM name and version
 * @param os operating system and architecture
 * @param loadAverage {@code /proc/loadavg}'s 1, 5 and 15 minute load averages (empty where unknown)
 * @param at when this was taken
 */
public record MachineInfo(int processors, String cpuModel, double memoryGiB, String jvm, String os,
    String loadAverage, Instant at) {

  /** This machine, now. */
  public static MachineInfo now() {
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGiB(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), readLoadAverage(), Instant.now());
  }

  /** One line for a report. */
  public String describe() {
    return String.format(Locale.ROOT, "%d processors (%s), %.1f GiB RAM, %s, %s", processors, cpuModel, memoryGiB,
        jvm, os);
  }

  private static String readCpuModel() {
    return lines("/proc/cpuinfo").stream().filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
  }

  private static double readMemoryGiB() {
    return lines("/proc/meminfo").stream().filter(line -> line.startsWith("MemTotal:"))
        .map(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / (1024 * 1024)).findFirst().orElse(0.0);
  }

  private static String readLoadAverage() {
    List<String> lines = lines("/proc/loadavg");
    if (lines.isEmpty()) {
      return "";
    }
    String[] parts = lines.get(0).split(" ");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "";
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
