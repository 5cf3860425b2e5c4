package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.avro.Classification;
import dev.exitwise.avro.LabelScore;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own labels end to end, with the commands a user runs: from a generated CSV and a generated JSONL file, on
 * a tiny random-weight backbone written as a Hugging Face directory, {@code train} adds two tenants to one model
 * directory, {@code calibrate} and {@code evaluate} read the recorded files back, {@code tenants list} shows them,
 * and {@code run --model-dir} serves the new tenant's events through a real broker.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OwnLabelsIntegrationTest {
  private static final List<String> TOPICS = List.of("billing", "bug", "praise");
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("own");

  @TempDir
  Path dir;

  /** Ticket-like texts whose labels follow keywords; about one row in six has no label. */
  private static List<String[]> tickets(int count, long seed) {
    String[][] phrases = {{"refund my payment", "invoice is wrong", "charged twice"},
        {"the app crashes", "error on login", "button does nothing"}, {"great support", "love the update", "thanks"}};
    Random random = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> labels = new ArrayList<>();
      StringBuilder text = new StringBuilder("ticket " + i + ":");
      for (int t = 0; t < TOPICS.size(); t++) {
        if (random.nextDouble() < 0.35) {
          labels.add(TOPICS.get(t));
          text.append(' ').append(phrases[t][random.nextInt(3)]).append(',');
        }
      }
      text.append(" see \"attached\"");
      rows.add(new String[] {text.toString(), String.join("|", labels)});
    }
    return rows;
  }

  private Path csv(String file, List<String[]> rows) throws Exception {
    StringBuilder out = new StringBuilder("id,text,labels\n");
    for (int i = 0; i < rows.size(); i++) {
      out.append(i).append(",\"").append(rows.get(i)[0].replace("\"", "\"\"")).append("\",")
          .append(rows.get(i)[1]).append('\n');
    }
    return Files.writeString(dir.resolve(file), out);
  }

  private Path jsonl(String file, List<String[]> rows) throws Exception {
    ObjectMapper json = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      out.append(json.writeValueAsString(Map.of("body", row[0], "topics",
          row[1].isEmpty() ? List.of() : List.of(row[1].split("\\|"))))).append('\n');
    }
    return Files.writeString(dir.resolve(file), out);
  }

  private String exec(String... args) {
    CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());
    assertEquals(0, cli.execute(args), String.join(" ", args) + "\n" + cli.out() + cli.err());
    return cli.out();
  }

  @Test
  void trainCalibrateEvaluateAndServeATenantFromFiles() throws Exception {
    Path backbone = dir.resolve("tiny-backbone");
    TinyModels.writeBackboneDirectory(backbone, 20261207L);
    Path model = dir.resolve("model");
    // as a user types it: relative to the working directory
    Path relativeBackbone = Path.of("").toAbsolutePath().relativize(backbone);
    String[] small = {"--backbone", relativeBackbone.toString(), "--bottleneck", "8", "--epochs", "2", "--threads", "1",
        "--batch-size", "16"};

    // a first tenant from JSONL with other field names, dev cut from the training file
    String first = exec(concat(new String[] {"train", "--output", model.toString(), "--tenant", "support",
        "--train", jsonl("support.jsonl", tickets(160, 1)).toString(), "--text-field", "body", "--labels-field",
        "topics"}, small));
    assertTrue(first.contains("no --dev file: cut a dev split stratified by label, 10 % of"), first);

    // the new tenant from CSV files, added beside it
    Path train = csv("tickets-train.csv", tickets(240, 2));
    Path test = csv("tickets-test.csv", tickets(60, 3));
    String second = exec(concat(new String[] {"train", "--output", model.toString(), "--tenant", "tickets",
        "--train", train.toString(), "--dev", csv("tickets-dev.csv", tickets(60, 4)).toString(), "--test",
        test.toString(), "--id-field", "id"}, small));
    assertTrue(second.contains("tenant 'tickets': 3 labels [billing, bug, praise]"), second);

    JsonNode manifest = new ObjectMapper().readTree(
        dev.exitwise.model.publish.ModelDirectory.served(model).resolve("manifest.json").toFile());
    assertEquals(2, manifest.get("tenants").size(), "the first tenant is kept");
    assertEquals(Path.of("..", "..", "..", "tiny-backbone").toString(), manifest.get("backbone").asText(),
        "the backbone path is stored relative to the version's directory, so the model directory can move");
    JsonNode tickets = manifest.get("tenants").get(1);
    assertEquals("tickets", tickets.get("name").asText());
    assertEquals(240, tickets.get("data").get("train").get("rows").asInt());
    assertEquals(64, tickets.get("data").get("test").get("sha256").asText().length());

    String calibrated = exec("calibrate", "--model-dir", model.toString());
    assertTrue(calibrated.contains("tickets: Pareto front on dev") && calibrated.contains("support: Pareto front"),
        calibrated);
    String evaluated = exec("evaluate", "--model-dir", model.toString(), "--tenants", "tickets", "--split", "test",
        "--predictions", dir.resolve("predictions.jsonl").toString());
    assertTrue(evaluated.contains("tickets, test split (60 rows)"), evaluated);
    assertEquals(60, Files.readAllLines(dir.resolve("predictions.jsonl")).size());
    String listed = exec("tenants", "list", "--model-dir", model.toString());
    assertTrue(listed.contains("tickets-train.csv") && listed.contains("support.jsonl"), listed);
    assertTrue(listed.lines().anyMatch(line -> line.startsWith("tickets") && line.contains("every label")),
        "the recorded test score: " + listed);

    Path texts = Files.writeString(dir.resolve("texts.txt"), "refund my payment please\n\nthe app crashes\n");
    String classified = exec("classify", "--model-dir", model.toString(), "--tenant", "tickets", "--file",
        texts.toString(), "great support");
    List<String> lines = classified.lines().toList();
    assertEquals(3, lines.size(), classified);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals("great support", line.get("text").asText(), "arguments first, then the file's lines");
    assertEquals(3, line.get("scores").size());
    assertTrue(line.get("exitLayer").asInt() >= 1 && line.get("exitLayer").asInt() <= 4, lines.get(0));

    // a moved model directory still finds its backbone
    Path moved = dir.resolve("moved");
    Files.createDirectories(moved);
    Path movedModel = Files.move(model, moved.resolve("model"));
    Files.move(backbone, moved.resolve("tiny-backbone"));
    serve(movedModel);
  }

  private void serve(Path model) throws Exception {
    Topics topics = kafka.createTopics(1);
    RunCommand run = new RunCommand(Wiring.production().withEnvironment(kafka.test().runEnvironment(100)));
    List<String> arguments = new ArrayList<>(List.of("--model-dir", model.toString()));
    arguments.addAll(ServiceTestSettings.setArguments(topics));
    InProcessRun running = InProcessRun.start(run, Duration.ofSeconds(60), arguments);
    try {
      Serializer<TextEvent> serializer = kafka.test().serdes().textEvent().serializer();
      List<String[]> texts = tickets(20, 5);
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        for (int i = 0; i < texts.size(); i++) {
          TextEvent event = TextEvent.newBuilder().setId("t-" + i).setTenant("tickets").setText(texts.get(i)[0])
              .setEventTime(Instant.now()).build();
          producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
              serializer.serialize(topics.textEvents(), event)));
        }
      }
      List<ConsumerRecord<String, byte[]>> out = kafka.readCommitted(topics.textLabels(), 20, Duration.ofSeconds(60),
          Duration.ofMillis(500));
      assertEquals(20, out.size());
      Deserializer<Classification> deserializer = kafka.test().serdes().classification().deserializer();
      Set<String> ids = new HashSet<>();
      for (ConsumerRecord<String, byte[]> record : out) {
        Classification labelled = deserializer.deserialize(topics.textLabels(), record.value());
        ids.add(labelled.getId());
        assertEquals("tickets", labelled.getTenant());
        assertEquals(3, labelled.getScores().size(), "one score per label of the new tenant");
        for (LabelScore label : labelled.getLabels()) {
          assertTrue(TOPICS.contains(label.getLabel()), label.getLabel());
        }
      }
      assertEquals(20, ids.size(), "every event once");
    } finally {
      running.stop();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
