import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the given topics from the beginning with read_committed until nothing new arrives for 15 s and counts the
 * record keys (the event ids): how many ids came out, how many of them more than once, and how many of the ids
 * 0 to SENT-1 of the producer's prefix are missing. Exits 0 when every id came out exactly once.
 *
 * <p>Usage: {@code java -cp exitwise.jar tools/soak/CountOutputs.java BOOTSTRAP SENT TOPIC...}
 */
public final class CountOutputs {
  public static void main(String[] args) {
    String bootstrap = args[0];
    long sent = Long.parseLong(args[1]);
    List<String> topics = List.of(args).subList(2, args.length);
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("group.id", "count-outputs-" + UUID.randomUUID());
    properties.put("auto.offset.reset", "earliest");
    properties.put("isolation.level", "read_committed");
    properties.put("enable.auto.commit", "false");
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Integer> perTopic = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics);
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < 15e9) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> record : records) {
          counts.merge(record.key(), 1, Integer::sum);
          perTopic.merge(record.topic(), 1, Integer::sum);
          quietSince = System.nanoTime();
        }
      }
    }
    List<String> duplicated = new ArrayList<>();
    counts.forEach((id, count) -> {
      if (count > 1) {
        duplicated.add(id + " x" + count);
      }
    });
    String prefix = counts.keySet().stream().filter(id -> id.matches(".*-\\d{8}"))
        .map(id -> id.substring(0, id.length() - 9)).findFirst().orElse("");
    long missing = 0;
    for (long i = 0; i < sent; i++) {
      if (!counts.containsKey(String.format("%s-%08d", prefix, i))) {
        missing++;
      }
    }
    System.out.printf("sent %d; records per topic %s; distinct ids %d; ids more than once %d%s; missing %d%n",
        sent, perTopic, counts.size(), duplicated.size(),
        duplicated.isEmpty() ? "" : " " + duplicated.subList(0, Math.min(5, duplicated.size())), missing);
    System.out.println(duplicated.isEmpty() && missing == 0 && counts.size() == sent
        ? "exactly once: yes" : "exactly once: NO");
    System.exit(duplicated.isEmpty() && missing == 0 && counts.size() == sent ? 0 : 1);
  }
}
