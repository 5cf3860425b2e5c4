package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitwiseCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = Exitwise.commandLine(Wiring.production());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(0, execute("--help"));
    assertTrue(out.toString().contains("run"), out.toString());
  }

  @Test
  void runHelpDocumentsEveryKey() {
    assertEquals(0, execute("run", "--help"));
    assertTrue(out.toString().contains("exitwise.batch.size"), out.toString());
    assertTrue(out.toString().contains("EXITWISE_KAFKA_"), out.toString());
    assertTrue(out.toString().contains("--device"), out.toString());
  }

  @Test
  void aWrongOptionIsOneLineAndExitCode2() {
    assertEquals(Exitwise.USAGE_ERROR, execute("run", "--batchsize", "3"));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("exitwise run: Unknown option") && message.contains("'--batchsize'"), message);
  }

  @Test
  void aBadDeviceNamesTheOption() {
    assertEquals(Exitwise.USAGE_ERROR, execute("run", "--device", "tpu"));
    assertTrue(err.toString().contains("--device"), err.toString());
  }

  @Test
  void aMissingCommandIsAUsageError() {
    assertEquals(Exitwise.USAGE_ERROR, execute());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void badConfigurationIsOneLineNamingTheKey() {
    assertEquals(Exitwise.USAGE_ERROR, execute("run", "--set", "bootstrap.servers=localhost:1",
        "--set", "schema.registry.url=mock://x", "--set", "exitwise.batch.max.wait.ms=-5"));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("exitwise.batch.max.wait.ms") && message.contains("-5"), message);
  }

  @Test
  void trainHelpShowsTheLossOptionsAndABadDistillationWeightIsAUsageError() {
    assertEquals(0, execute("train", "--help"));
    assertTrue(out.toString().contains("--layer-weighting") && out.toString().contains("--distillation"),
        out.toString());
    assertEquals(Exitwise.USAGE_ERROR, execute("train", "--output", "unused", "--distillation", "1.5"));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("--distillation") && message.contains("1.5"), message);
  }
}
