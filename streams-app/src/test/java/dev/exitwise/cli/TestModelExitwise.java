package dev.exitwise.cli;

import dev.exitwise.streams.testing.TestModels;

/**
 * {@code exitwise} with the tiny random-weight test model in place of the committed one, for tests that run the
 * command as a separate process (to send it real signals and read its exit status):
 * {@code java -cp <test class path> dev.exitwise.cli.TestModelExitwise run ...}.
 */
public final class TestModelExitwise {
  private TestModelExitwise() {}

  /** Runs the command line and exits with its exit code, exactly as {@link Exitwise#main} does. */
  public static void main(String[] args) {
    Wiring wiring = new Wiring((modelDir, device) -> TestModels.classifier().get(), Wiring.production().serdes());
    System.exit(Exitwise.commandLine(wiring).execute(args));
  }
}
