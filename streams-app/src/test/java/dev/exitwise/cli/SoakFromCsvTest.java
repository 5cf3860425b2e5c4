package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.soak.SoakSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soak --from-csv} judges an earlier run's samples without Kafka: the exit code is the verdict. */
class SoakFromCsvTest {
  private final CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());

  @TempDir
  Path folder;

  @Test
  void aFlatRunPassesAndARunWhoseLagGrowsFails() throws Exception {
    Path flat = write("flat.csv", 0);
    Path growing = write("growing.csv", 100);

    assertEquals(0, cli.execute("soak", "--rate", "100", "--from-csv", flat.toString()), cli.err());
    assertTrue(cli.out().contains("Lag at most 12 records") && cli.out().contains(": flat."), cli.out());
    assertEquals(Exitwise.FAILURE, cli.execute("soak", "--rate", "100", "--from-csv", growing.toString()));
    assertTrue(cli.out().contains("NOT flat"), cli.out());
  }

  @Test
  void theCsvOfARunFromBeforeTheCommittedHeapWasSampledIsJudgedAsBefore() {
    // run 2 of docs/performance.md, written with the eight columns of that day
    Path run2 = Path.of("..", "docs", "soak", "soak-2.csv");

    assertEquals(0, cli.execute("soak", "--rate", "44", "--from-csv", run2.toString()), cli.err());
    assertTrue(cli.out().contains("RSS +3.2 %") && !cli.out().contains("Outside the committed heap"), cli.out());
  }

  @Test
  void aFileThatIsNotASoakCsvIsAUsageErrorNamingIt() throws Exception {
    Path other = Files.writeString(folder.resolve("other.csv"), "a,b\n1,2\n");

    assertEquals(Exitwise.USAGE_ERROR, cli.execute("soak", "--rate", "100", "--from-csv", other.toString()));
    assertTrue(cli.err().contains("other.csv") && cli.err().contains(SoakSample.CSV_HEADER), cli.err());
  }

  private Path write(String name, int lagGrowthPerSample) throws Exception {
    List<String> lines = new ArrayList<>(List.of(SoakSample.CSV_HEADER));
    for (int i = 0; i < 20; i++) {
      lines.add(new SoakSample(i * 10, i * 1000L, 10 + i % 3 + (long) i * lagGrowthPerSample, 1600e6, 300e6, 70e6,
          i * 1000, 0, 900e6).csv());
    }
    return Files.write(folder.resolve(name), lines);
  }
}
