package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.demo.DemoSummary;
import dev.exitwise.demo.TenantSummary;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.registry.ExitwiseSerdes;
import dev.exitwise.streams.TopologySerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code exitwise demo} through its command line, exactly the code path of the README's first command (embedded
 * KRaft broker, {@code mock://} registry with the real Confluent-wire-format serde, the service, the replay of
 * both data sets) with a tiny random-weight model in place of the committed one and 60 events.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoCommandIntegrationTest {

  @Test
  void everyEventComesOutAndTheSummaryAddsUp() {
    Wiring wiring = new Wiring((modelDir, device) -> TinyModels.twoTenants(7), DemoCommandIntegrationTest::serdes);
    AtomicReference<DemoSummary> summary = new AtomicReference<>();
    CommandLine commandLine = new CommandLine(new DemoCommand(wiring).onSummary(summary::set));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode = commandLine.execute("--events", "60", "--rate", "120", "--sample-every", "10", "--plain",
        "--set", "exitwise.batch.max.wait.ms=20");

    System.out.print(out); // the demo's transcript, in the test report
    assertEquals(0, exitCode, out + "\n" + err);
    DemoSummary result = summary.get();
    assertNotNull(result, out.toString());
    assertEquals(List.of("emotions", "moderation"), result.tenants().stream().map(TenantSummary::tenant).toList());
    for (TenantSummary tenant : result.tenants()) {
      assertEquals(30, tenant.eventsIn(), tenant.toString());
      assertEquals(tenant.eventsIn(), tenant.labelled(), tenant.toString());
      assertEquals(0, tenant.deadLetters(), tenant.toString());
      assertEquals(tenant.labelled(), Arrays.stream(tenant.exitCounts()).sum(), tenant.toString());
      assertTrue(tenant.meanExitLayer() >= 1 && tenant.meanExitLayer() <= result.layerCount(), tenant.toString());
      assertTrue(tenant.latencyP99Millis() >= tenant.latencyP50Millis(), tenant.toString());
    }
    assertEquals(60, result.total().eventsIn());
    assertEquals(60, result.total().labelled());
    assertTrue(result.balanced());
    String printed = out.toString();
    assertTrue(printed.contains("Summary: 60 events"), printed);
    assertTrue(printed.contains("Every event came out"), printed);
    assertTrue(printed.lines().anyMatch(line -> line.contains("exit ") && line.contains("emotions")), printed);
  }

  private static TopologySerdes.Factory serdes(Map<String, Object> config) {
    return new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return ExitwiseSerdes.specific(type, config, false);
      }
    };
  }
}
