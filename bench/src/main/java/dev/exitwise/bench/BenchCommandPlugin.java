package dev.exitwise.bench;

import dev.exitwise.cli.CommandPlugin;
import dev.exitwise.cli.Wiring;

/** Adds {@code bench} to the {@code exitwise} command line when the bench jar is on the class path. */
public final class BenchCommandPlugin implements CommandPlugin {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Object command(Wiring wiring) {
    return new BenchCommand(wiring);
  }
}
