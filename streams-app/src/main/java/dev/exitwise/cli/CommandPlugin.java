package dev.exitwise.cli;

/**
 * A command that another jar adds to the {@code exitwise} command line. {@link Exitwise#commandLine(Wiring)} finds
 * every implementation on the class path with {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/dev.exitwise.cli.CommandPlugin}), so the service jar runs without the lab's commands and their
 * libraries, and the bench jar, which puts the service jar on its class path, adds {@code bench}.
 */
public interface CommandPlugin {
  /** The subcommand's name, for example {@code bench}; it must not be one of the built-in commands. */
  String name();

  /**
   * The picocli command object.
   *
   * @param wiring what the command loads models and serdes through
   */
  Object command(Wiring wiring);
}
