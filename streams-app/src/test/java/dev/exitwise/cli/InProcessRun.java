package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code exitwise run} in this JVM, on a thread of its own, for the integration tests: started with the given
 * arguments, awaited until its service has started, and stopped the way a stop request stops it.
 */
final class InProcessRun {
  private final RunCommand run;
  private final ExitwiseService service;
  private final CompletableFuture<Integer> exit;
  private final StringWriter err;

  private InProcessRun(RunCommand run, ExitwiseService service, CompletableFuture<Integer> exit, StringWriter err) {
    this.run = run;
    this.service = service;
    this.exit = exit;
    this.err = err;
  }

  /** The production wiring with the tiny random-weight test model in place of the committed one. */
  static Wiring testModelWiring() {
    return new Wiring((modelDir, device) -> TestModels.classifier().get(), Wiring.production().serdes());
  }

  /** {@link #start} of a {@code run} with the tiny test model, the production serdes and {@code environment}. */
  static InProcessRun startTestModel(Map<String, String> environment, Duration timeout, List<String> arguments)
      throws Exception {
    return start(new RunCommand(testModelWiring().withEnvironment(environment)), timeout, arguments);
  }

  /**
   * Runs {@code run} with the arguments, on an ephemeral HTTP port and the CPU, and waits up to {@code timeout} for
   * its service to start; fails, with what it wrote to standard error, where the command ends first.
   *
   * @param arguments more arguments; not {@code --device}, which is {@code cpu}
   */
  static InProcessRun start(RunCommand run, Duration timeout, List<String> arguments) throws Exception {
    List<String> all = new ArrayList<>(List.of("--set", ExitwiseConfig.HTTP_PORT + "=0", "--device", "cpu"));
    all.addAll(arguments);
    CompletableFuture<ExitwiseService> started = new CompletableFuture<>();
    run.onStarted(started::complete);
    CommandLine commandLine = new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true);
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> commandLine.execute(all.toArray(String[]::new)));
    CompletableFuture.anyOf(started, exit).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(started.isDone(), "run stopped before it started: " + err);
    return new InProcessRun(run, started.get(), exit, err);
  }

  /** The service the command started. */
  ExitwiseService service() {
    return service;
  }

  /** What the command has written to standard error so far. */
  String err() {
    return err.toString();
  }

  /** Asks the command to stop and asserts that it exits 0 within 30 s. */
  void stop() throws Exception {
    run.requestStop();
    assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
  }
}
