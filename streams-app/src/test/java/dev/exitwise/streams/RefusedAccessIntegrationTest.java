package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.cli.Wiring;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.StoppableRegistry;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access that is refused is no fault of the data. A broker with an authorizer that denies writes
 * to the labels topic (the log used to say "dead-lettering the record", as if the record were bad), and a registry
 * that refuses the credentials: either way the service stops with the error, for the operator to fix the access,
 * and writes no dead letter, not even one in an aborted transaction.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RefusedAccessIntegrationTest {
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("refused", Map.of(
      "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
      // every client here is User:ANONYMOUS (plaintext); everything is allowed but what an ACL denies
      "allow.everyone.if.no.acl.found", "true"));

  @Test
  void aDeniedOutputWriteStopsTheServiceAndIsNotADeadLetter() throws Exception {
    Topics topics = kafka.createTopics(1);
    kafka.admin().createAcls(List.of(new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topics.textLabels(), PatternType.LITERAL),
        new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.WRITE, AclPermissionType.DENY)))).all().get();
    TopologySerdes serdes = kafka.test().serdes();
    List<TextEvent> events = TextEvents.mixed("denied", 20, Instant.now());
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (TextEvent event : events) {
        producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
            serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
      }
    }

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // batches of one, classified on the stream thread: the denied write surfaces while a record is processed,
    // where the processing exception handler sees it (the case that was dead-lettered), not in a punctuation
    try (ClassifierPool pool = new ClassifierPool(TestModels.classifier(), ClassifierPool.ModelCalls.ON_STREAM_THREAD);
        ExitwiseService service = ExitwiseService.start(settings(topics), serdes, pool, meters)) {
      assertTrue(service.awaitStop(Duration.ofSeconds(60)), "the service stops by itself");
      assertEquals(KafkaStreams.State.ERROR, service.state());
      assertEquals(0, kafka.read(topics.deadLetters(), "read_uncommitted", 0, Duration.ZERO,
          Duration.ofSeconds(1)).size(), "no dead letter, not even an aborted one");
      assertTrue(meters.scrape().lines().filter(line -> line.startsWith("exitwise_dead_letters_total"))
          .allMatch(line -> line.endsWith(" 0.0")), "no dead letter counted");
    } finally {
      meters.close();
    }
  }

  @Test
  void aRegistryThatRefusesTheCredentialsStopsTheServiceAndIsNotADeadLetter() throws Exception {
    Topics topics = kafka.createTopics(1);
    try (StoppableRegistry registry = StoppableRegistry.start()) {
      TopologySerdes serdes = TopologySerdes.from(Wiring.production().serdes().factory(
          Map.of("schema.registry.url", registry.url())));
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        for (TextEvent event : TextEvents.mixed("refused", 10, Instant.now())) {
          producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
              serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
        }
      }
      registry.refuseWith(401);
      // a new instance: its serdes must ask the registry, which now refuses them
      TopologySerdes fresh = TopologySerdes.from(Wiring.production().serdes().factory(
          Map.of("schema.registry.url", registry.url())));
      Map<String, String> values = values(topics);
      values.put("schema.registry.url", registry.url());
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (ClassifierPool pool = ClassifierPool.of(TestModels.classifier().get());
          ExitwiseService service = ExitwiseService.start(ServiceTestSettings.load(values), fresh, pool, meters)) {
        assertTrue(service.awaitStop(Duration.ofSeconds(60)), "the service stops by itself");
        assertEquals(KafkaStreams.State.ERROR, service.state());
        assertEquals(0, kafka.read(topics.deadLetters(), "read_uncommitted", 0, Duration.ZERO,
            Duration.ofSeconds(1)).size(), "no dead letter");
        assertEquals(0, kafka.readCommitted(topics.textLabels(), 0, Duration.ZERO, Duration.ofMillis(300)).size());
      } finally {
        meters.close();
      }
    }
  }

  private ServiceSettings settings(Topics topics) {
    return ServiceTestSettings.load(values(topics));
  }

  private Map<String, String> values(Topics topics) {
    Map<String, String> values = kafka.test().service(topics);
    values.put(ExitwiseConfig.BATCH_SIZE, "1");
    return values;
  }
}
