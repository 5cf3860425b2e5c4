package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitwiseCommandLineTest {
  private final CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());

  @Test
  void helpListsTheCommands() {
    assertEquals(0, cli.execute("--help"));
    assertTrue(cli.out().contains("run"), cli.out());
  }

  @Test
  void runHelpDocumentsEveryKey() {
    assertEquals(0, cli.execute("run", "--help"));
    assertTrue(cli.out().contains("exitwise.batch.size"), cli.out());
    assertTrue(cli.out().contains("EXITWISE_KAFKA_"), cli.out());
    assertTrue(cli.out().contains("--device"), cli.out());
  }

  @Test
  void aWrongOptionIsOneLineAndExitCode2() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("run", "--batchsize", "3"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("exitwise run: Unknown option") && message.contains("'--batchsize'"), message);
  }

  @Test
  void aGpuThisMachineLacksIsOneLineAndExitCode2() {
    // the build machines have no GPU, and the bundled natives are the CPU build
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("classify", "--device", "gpu", "--tenant", "emotions", "a text"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("exitwise classify: device 'gpu' requested but"), message);
  }

  @Test
  void aBadDeviceNamesTheOption() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("run", "--device", "tpu"));
    assertTrue(cli.err().contains("--device"), cli.err());
  }

  @Test
  void calibrationRefusesInt8InOneLine() {
    // thresholds are chosen once for the model, in fp32, whatever precision serves it
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("calibrate", "--precision", "int8", "--model-dir",
        "unused-model-dir"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("calibrate runs in fp32"), message);
  }

  @Test
  void runHelpOffersThePrecision() {
    assertEquals(0, cli.execute("run", "--help"));
    assertTrue(cli.out().contains("--precision") && cli.out().contains("exitwise.model.precision"), cli.out());
  }

  @Test
  void aMissingCommandIsAUsageError() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute());
    assertEquals(1, cli.err().strip().lines().count(), cli.err());
  }

  @Test
  void badConfigurationIsOneLineNamingTheKey() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("run", "--set", "bootstrap.servers=localhost:1",
        "--set", "schema.registry.url=mock://x", "--set", "exitwise.batch.max.wait.ms=-5"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("exitwise.batch.max.wait.ms") && message.contains("-5"), message);
  }

  @Test
  void aRegistryKeyTheSerdeDoesNotImplementStopsRunNamingIt() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("run", "--set", "bootstrap.servers=localhost:1",
        "--set", "schema.registry.url=mock://x", "--set", "latest.cache.ttl.sec=60"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("exitwise run: ") && message.contains("latest.cache.ttl.sec")
        && message.contains("not supported"), message);
  }

  @Test
  void calibrateHelpShowsTheThresholdSchemesAndAnUnknownOneIsAUsageError() {
    assertEquals(0, cli.execute("calibrate", "--help"));
    assertTrue(cli.out().contains("--thresholds") && cli.out().contains("per-exit"), cli.out());
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("calibrate", "--model-dir", "unused", "--thresholds", "global"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("--thresholds") && message.contains("'global' is not a threshold scheme"), message);
  }

  @Test
  void trainHelpShowsTheLossOptionsAndABadDistillationWeightIsAUsageError() {
    assertEquals(0, cli.execute("train", "--help"));
    assertTrue(cli.out().contains("--layer-weighting") && cli.out().contains("--distillation"),
        cli.out());
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("train", "--output", "unused", "--tenants", "emotions",
        "--distillation", "1.5"));
    String message = cli.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("--distillation") && message.contains("1.5"), message);
  }

  @Test
  void calibrateAndEvaluateNameTheOptionThatWorksOnOneTenantWhenThereAreNotOne() {
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("calibrate", "--model-dir", "unused", "--dev", "dev.csv"));
    assertTrue(cli.err().startsWith("exitwise calibrate: --dev FILE calibrates one tenant: name it with --tenants"),
        cli.err());
    assertEquals(Exitwise.USAGE_ERROR, cli.execute("evaluate", "--model-dir", "unused", "--tenants", "a,b",
        "--predictions", "out.jsonl"));
    assertTrue(cli.err().contains("--file and --predictions evaluate one tenant: name it with --tenants"),
        cli.err());
  }
}
