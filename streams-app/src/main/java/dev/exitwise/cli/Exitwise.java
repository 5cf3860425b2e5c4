package dev.exitwise.cli;

import dev.exitwise.model.data.DataFileException;
import dev.exitwise.model.runtime.RuntimeSetupException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code exitwise} command.
 *
 * <ol>
 *   <li>Build: {@code mvn -pl streams-app -am package -DskipTests} (writes {@code streams-app/target/exitwise.jar}).
 *   <li>See the commands: {@code java -jar streams-app/target/exitwise.jar --help}.
 *   <li>Run the service: {@code EXITWISE_BOOTSTRAP_SERVERS=localhost:9092
 *       EXITWISE_SCHEMA_REGISTRY_URL=http://localhost:8081 java -jar streams-app/target/exitwise.jar run}.
 * </ol>
 *
 * <p>To add a command: write a picocli {@code @Command} class and add one line to {@link #commandLine(Wiring)}; a
 * command that lives in another jar (the bench module's {@code bench}) comes in as a {@link CommandPlugin}.
 * Usage errors print one line and exit with 2; configuration errors exit with 2; failures exit with 1.
 */
@Command(name = "exitwise", mixinStandardHelpOptions = true, version = "exitwise " + Exitwise.VERSION,
    description = "Streaming multi-label text classification on Kafka with per-row early exit.",
    subcommands = CommandLine.HelpCommand.class)
public final class Exitwise implements Runnable {
  /** The version printed by {@code --version}. */
  public static final String VERSION = "0.1.0-SNAPSHOT";
  /** Exit code of a usage or configuration error. */
  public static final int USAGE_ERROR = 2;
  /** Exit code of a failure while running. */
  public static final int FAILURE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(Exitwise.class);

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(Wiring.production()).execute(args));
  }

  /** The command line with every subcommand, wired to {@code wiring}. */
  public static CommandLine commandLine(Wiring wiring) {
    CommandLine commandLine = new CommandLine(new Exitwise());
    commandLine.addSubcommand("run", new RunCommand(wiring));
    commandLine.addSubcommand("demo", new DemoCommand(wiring));
    commandLine.addSubcommand("produce", new ProduceCommand(wiring));
    commandLine.addSubcommand("soak", new SoakCommand(wiring));
    commandLine.addSubcommand("topics", new TopicsCommand(wiring));
    commandLine.getSubcommands().get("run").getCommandSpec().usageMessage()
        .footer(RunCommand.keysFooter().replace("%", "%%"));
    commandLine.addSubcommand("train", new TrainCommand());
    commandLine.addSubcommand("calibrate", new CalibrateCommand());
    commandLine.addSubcommand("evaluate", new EvaluateCommand());
    commandLine.addSubcommand("tenants", new TenantsCommand());
    commandLine.addSubcommand("classify", new ClassifyCommand());
    for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
      commandLine.addSubcommand(plugin.name(), plugin.command(wiring));
    }
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // set after the subcommands: picocli copies these settings to the subcommands present at the call
    commandLine.setParameterExceptionHandler(Exitwise::usageError);
    commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
      PrintWriter err = failed.getErr();
      if (exception instanceof ConfigException || exception instanceof DataFileException
          || exception instanceof RuntimeSetupException) {
        err.println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage());
        return USAGE_ERROR;
      }
      LOG.error("{} failed", failed.getCommandSpec().qualifiedName(), exception);
      err.println(failed.getCommandSpec().qualifiedName() + ": failed: " + exception);
      return FAILURE;
    });
    return commandLine;
  }

  private static int usageError(ParameterException exception, String[] args) {
    CommandLine failed = exception.getCommandLine();
    failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage()
        + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
    return USAGE_ERROR;
  }
}
