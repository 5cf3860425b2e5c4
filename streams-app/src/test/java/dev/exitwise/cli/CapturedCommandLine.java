package dev.exitwise.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The exitwise command line over a given wiring, with what it prints captured for the test to read. */
final class CapturedCommandLine {
  private final Wiring wiring;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  CapturedCommandLine(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Runs one command line and returns its exit code; what it printed accumulates in {@link #out} and {@link #err}. */
  int execute(String... args) {
    CommandLine commandLine = Exitwise.commandLine(wiring);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Everything printed to standard output so far. */
  String out() {
    return out.toString();
  }

  /** Everything printed to standard error so far. */
  String err() {
    return err.toString();
  }
}
