package dev.exitwise.cli;

import dev.exitwise.streams.config.ServiceSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise topics}: creates the service's five topics where they do not exist yet, so that {@code run} finds
 * its input and telemetry topics (Kafka Streams stops when a source topic is missing). Topics that exist are left
 * as they are and listed.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = {"Creates the service's topics that do "
    + "not exist yet (the exitwise.topic.* names; configuration as for 'run'); existing topics are left unchanged.", ""})
public final class TopicsCommand implements Callable<Integer> {
  @Mixin
  private ConfigOptions config = new ConfigOptions();

  @Spec
  private CommandSpec spec;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "2", description = "Partitions of the input, "
      + "labels and telemetry topics, the most instances that share the work; statistics and dead letters get one "
      + "(default ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
      description = "Replicas of each topic; 3 on a production cluster (default ${DEFAULT-VALUE}).")
  private short replicationFactor;

  private final Wiring wiring;

  TopicsCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() throws Exception {
    if (partitions < 1 || replicationFactor < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions and --replication-factor must be at least 1");
    }
    ServiceSettings settings = config.settings(wiring.environment(), null);
    PrintWriter out = spec.commandLine().getOut();
    try (Admin admin = Admin.create(settings.adminProperties("exitwise-topics"))) {
      Set<String> existing = admin.listTopics().names().get();
      for (NewTopic topic : settings.topology().topics().newTopics(partitions, replicationFactor)) {
        if (existing.contains(topic.name())) {
          out.println("exists:  " + topic.name());
        } else {
          admin.createTopics(List.of(topic)).all().get();
          out.println("created: " + topic.name() + " (partitions " + topic.numPartitions() + ", replication "
              + topic.replicationFactor() + ")");
        }
      }
    }
    return 0;
  }
}
