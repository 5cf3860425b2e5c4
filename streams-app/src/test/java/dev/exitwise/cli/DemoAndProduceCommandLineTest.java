package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} and usage errors of {@code demo} and {@code produce}: no broker, no model. */
class DemoAndProduceCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = Exitwise.commandLine(Wiring.production());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void theTopLevelHelpListsDemoAndProduce() {
    assertEquals(0, execute("--help"));
    assertTrue(out.toString().contains("demo") && out.toString().contains("produce"), out.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "produce"})
  void everyCommandHasHelp(String command) {
    assertEquals(0, execute(command, "--help"));
    assertTrue(out.toString().startsWith("Usage: exitwise " + command), out.toString());
  }

  @Test
  void demoHelpNamesItsOptions() {
    assertEquals(0, execute("demo", "--help"));
    for (String option : new String[] {"--events", "--seconds", "--rate", "--model-dir", "--plain"}) {
      assertTrue(out.toString().contains(option), option + " in\n" + out);
    }
  }

  @Test
  void aWrongDemoOptionIsOneLineAndExitCode2() {
    assertEquals(Exitwise.USAGE_ERROR, execute("demo", "--evnets", "5"));
    assertOneLineNaming("'--evnets'");
  }

  @Test
  void aBadDemoValueNamesTheOption() {
    assertEquals(Exitwise.USAGE_ERROR, execute("demo", "--rate", "0"));
    assertOneLineNaming("--rate");
  }

  @Test
  void produceNeedsADataSetOrAFile() {
    assertEquals(Exitwise.USAGE_ERROR, execute("produce"));
    assertOneLineNaming("--dataset");
  }

  @Test
  void produceTakesADataSetOrAFileNotBoth() {
    assertEquals(Exitwise.USAGE_ERROR, execute("produce", "--dataset", "emotions", "--file", "x.txt"));
    assertOneLineNaming("mutually exclusive");
  }

  @Test
  void produceNamesAnUnknownDataSet() {
    assertEquals(Exitwise.USAGE_ERROR, execute("produce", "--dataset", "sentiment"));
    assertOneLineNaming("--dataset");
  }

  @Test
  void produceWithoutARegistryNamesTheKey() {
    assertEquals(Exitwise.USAGE_ERROR, execute("produce", "--dataset", "emotions",
        "--set", "bootstrap.servers=localhost:1", "--set", "schema.registry.url="));
    assertOneLineNaming("schema.registry.url");
  }

  private void assertOneLineNaming(String expected) {
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(expected), message);
  }
}
