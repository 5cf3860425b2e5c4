package dev.exitwise.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a stop request, so that {@code exitwise run} closes cleanly and exits 0.
 *
 * <p>Left to the JVM, a SIGTERM runs the shutdown hooks and then exits with status 143 (128 + 15) whatever the hooks
 * did, so a process supervisor recorded every clean stop as a failure. Handling the signal instead lets
 * the command return normally. A second signal while the first stop is still running goes to the JVM's own handler:
 * an operator who presses Ctrl-C twice gets the JVM's shutdown (hooks, then exit 130 or 143).
 *
 * <p>{@code sun.misc.Signal} is in the {@code jdk.unsupported} module, exported for exactly this use; where a
 * signal cannot be handled (some embedded JVMs) the JVM's default and the shutdown hook remain.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> NAMES = List.of("TERM", "INT");

  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private StopSignals() {}

  /**
   * Handles SIGTERM and SIGINT by calling {@code onStop} once; {@link #close()} puts the previous handlers back.
   *
   * @param onStop called on the JVM's signal thread; must return quickly
   */
  static StopSignals install(Runnable onStop) {
    StopSignals installed = new StopSignals();
    boolean[] requested = {false};
    for (String name : NAMES) {
      Signal signal = new Signal(name);
      SignalHandler[] before = new SignalHandler[1];
      try {
        before[0] = Signal.handle(signal, received -> {
          synchronized (requested) {
            if (!requested[0]) {
              requested[0] = true;
              LOG.info("SIG{} received: stopping", received.getName());
              onStop.run();
              return;
            }
          }
          LOG.warn("SIG{} received again: leaving it to the JVM", received.getName());
          if (before[0] != null && before[0] != SignalHandler.SIG_DFL && before[0] != SignalHandler.SIG_IGN) {
            before[0].handle(received);
          } else {
            System.exit(128 + received.getNumber());
          }
        });
      } catch (IllegalArgumentException unavailable) {
        LOG.debug("SIG{} cannot be handled here; the JVM's default stays", name);
        continue;
      }
      installed.signals.add(signal);
      installed.previous.add(before[0]);
    }
    return installed;
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException ignored) {
        // it could be handled when installed; putting the old handler back cannot fail differently
      }
    }
  }
}
