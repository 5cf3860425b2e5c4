package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.testing.TestModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format and default-tenant settings on {@code exitwise run}'s command line: documented, and checked at start. */
class TopicFormatsCommandLineTest {
  private final CapturedCommandLine cli = new CapturedCommandLine(InProcessRun.testModelWiring());

  @TempDir
  Path stateDir;

  @Test
  void runHelpDocumentsTheFormatAndDefaultTenantKeys() {
    assertEquals(0, cli.execute("run", "--help"));
    for (String key : new String[] {ExitwiseConfig.INPUT_FORMAT, ExitwiseConfig.OUTPUT_FORMAT,
        ExitwiseConfig.DEFAULT_TENANT}) {
      assertTrue(cli.out().contains(key), key + " in " + cli.out());
    }
  }

  @Test
  void anUnknownFormatIsOneLineNamingTheKey() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("run", "--set", "bootstrap.servers=localhost:1",
        "--set", ExitwiseConfig.INPUT_FORMAT + "=xml"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(ExitwiseConfig.INPUT_FORMAT) && message.contains("xml"), message);
  }

  @Test
  void aDefaultTenantTheModelDoesNotServeStopsRunAtStartWithTheKey() {
    int exitCode = cli.execute("run", "--device", "cpu", "--set", "bootstrap.servers=localhost:1",
        "--set", ExitwiseConfig.INPUT_FORMAT + "=json", "--set", ExitwiseConfig.OUTPUT_FORMAT + "=json",
        "--set", "state.dir=" + stateDir, "--set", ExitwiseConfig.HTTP_PORT + "=0",
        "--set", ExitwiseConfig.DEFAULT_TENANT + "=sports");

    assertEquals(Exitwise.USAGE_ERROR, exitCode, cli.err());
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(ExitwiseConfig.DEFAULT_TENANT) && message.contains("sports")
        && message.contains(TestModels.EMOTIONS), message);
  }
}
