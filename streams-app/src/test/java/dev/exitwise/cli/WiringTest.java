package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.testing.TestSerdes;
import dev.exitwise.streams.testing.TextEvents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link Wiring#production()}: the registry serdes it makes, and how its model loader fails. */
class WiringTest {
  private final String scope = TestSerdes.newScope("wiring-test");

  @AfterEach
  void dropScope() {
    TestSerdes.dropScope(scope);
  }

  @Test
  void productionSerdesWriteTheWireFormatThroughTheRegistryAndIgnoreKafkaKeys() {
    TopologySerdes serdes = TopologySerdes.from(Wiring.production().serdes().factory(Map.of(
        "schema.registry.url", TestSerdes.mockUrl(scope),
        "bootstrap.servers", "localhost:9092",
        "processing.guarantee", "exactly_once_v2")));
    TextEvent event = TextEvents.goEmotions("w", 1, Instant.parse("2026-01-01T00:00:00Z")).get(0);

    byte[] bytes = serdes.textEvent().serializer().serialize("text-events", event);

    assertEquals(0, bytes[0], "magic byte");
    assertEquals(MockSchemaRegistry.forScope(scope).idOf("text-events-value", TextEvent.getClassSchema()),
        ByteBuffer.wrap(bytes, 1, 4).getInt(), "the id the registry gave the subject's schema");
    assertEquals(event, serdes.textEvent().deserializer().deserialize("text-events", bytes));
  }

  @Test
  void aBadRegistryKeyIsAConfigErrorNamingIt() {
    TopologySerdes.Factory factory = Wiring.production().serdes().factory(Map.of(
        "schema.registry.url", TestSerdes.mockUrl(scope), "max.retries", "-1"));
    ConfigException error = assertThrows(ConfigException.class, () -> factory.valueSerde(TextEvent.class));
    assertTrue(error.getMessage().contains("max.retries"), error.getMessage());
  }

  @Test
  void runWithADirectoryThatHoldsNoModelFailsAtStartUpNamingIt(@TempDir Path emptyModelDir) {
    CommandLine commandLine = Exitwise.commandLine(Wiring.production());
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("run", "--set", "bootstrap.servers=localhost:1",
        "--set", "schema.registry.url=" + TestSerdes.mockUrl(scope), "--model-dir", emptyModelDir.toString(),
        "--device", "cpu");

    assertEquals(Exitwise.FAILURE, exit, err.toString());
    assertTrue(err.toString().contains("no manifest.json in model directory " + emptyModelDir), err.toString());
  }
}
