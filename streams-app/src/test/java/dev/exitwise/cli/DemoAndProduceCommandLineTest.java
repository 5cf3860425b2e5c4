package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and usage errors of {@code demo} and {@code produce}: no broker, no model. */
class DemoAndProduceCommandLineTest {
  private final CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());


  @Test
  void theTopLevelHelpListsDemoAndProduce() {
    assertEquals(0, cli.execute("--help"));
    assertTrue(cli.out().contains("demo") && cli.out().contains("produce"), cli.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "produce"})
  void everyCommandHasHelp(String command) {
    assertEquals(0, cli.execute(command, "--help"));
    assertTrue(cli.out().startsWith("Usage: exitwise " + command), cli.out());
  }

  @Test
  void demoHelpNamesItsOptions() {
    assertEquals(0, cli.execute("demo", "--help"));
    for (String option : new String[] {"--events", "--seconds", "--rate", "--model-dir", "--plain"}) {
      assertTrue(cli.out().contains(option), option + " in\n" + cli.out());
    }
  }

  @Test
  void aWrongDemoOptionIsOneLineAndExitCode2() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("demo", "--evnets", "5"));
    assertOneLineNaming("'--evnets'");
  }

  @Test
  void aBadDemoValueNamesTheOption() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("demo", "--rate", "0"));
    assertOneLineNaming("--rate");
  }

  @Test
  void produceNeedsADataSetOrAFile() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("produce"));
    assertOneLineNaming("--dataset");
  }

  @Test
  void produceTakesADataSetOrAFileNotBoth() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("produce", "--dataset", "emotions", "--file", "x.txt"));
    assertOneLineNaming("mutually exclusive");
  }

  @Test
  void produceNamesAnUnknownDataSet() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("produce", "--dataset", "sentiment"));
    assertOneLineNaming("--dataset");
  }

  @Test
  void produceWithoutARegistryNamesTheKey() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("produce", "--dataset", "emotions",
        "--set", "bootstrap.servers=localhost:1", "--set", "schema.registry.url="));
    assertOneLineNaming("schema.registry.url");
  }

  private void assertOneLineNaming(String expected) {
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(expected), message);
  }
}
