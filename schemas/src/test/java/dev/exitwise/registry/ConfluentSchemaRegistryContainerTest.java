package dev.exitwise.registry;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * The registry contract against Confluent Schema Registry itself, in Docker. Skipped where Docker is missing
 * (the build machines); runs wherever Testcontainers finds a Docker engine.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Testcontainers(disabledWithoutDocker = true)
class ConfluentSchemaRegistryContainerTest extends RegistryContractTest {
  private static final String CONFLUENT_VERSION = "7.9.0";
  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final ConfluentKafkaContainer KAFKA =
      new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT_VERSION)
          .withListener("kafka:19092")
          .withNetwork(NETWORK)
          .withNetworkAliases("kafka");

  @Container
  private static final GenericContainer<?> SCHEMA_REGISTRY =
      new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION)
          .withNetwork(NETWORK)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .dependsOn(KAFKA)
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  @AfterAll
  static void closeNetwork() {
    NETWORK.close();
  }

  @Override
  protected String registryUrl() {
    return "http://" + SCHEMA_REGISTRY.getHost() + ":" + SCHEMA_REGISTRY.getMappedPort(8081);
  }
}
