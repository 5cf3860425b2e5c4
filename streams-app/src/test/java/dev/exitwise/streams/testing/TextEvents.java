package dev.exitwise.streams.testing;

import dev.exitwise.avro.TextEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Text events for tests: single ones, and many real-looking ones. */
public final class TextEvents {
  private static final String[] OPENINGS = {
      "Honestly,", "I think", "Not gonna lie,", "Wow,", "Ugh,", "Well,", "So", "Yesterday", "My friend said",
      "This thread is", "Reading this, I feel", "Lol,"};
  private static final String[] MIDDLES = {
      "I am so happy for you", "that made me angry", "I miss the old days", "this is great news",
      "I'm scared of what comes next", "what a stupid idea", "you really are an idiot", "I love this community",
      "that is a threat to all of us", "I lost my keys again", "people are furious about it",
      "the game last night was close", "thanks for sharing the recipe", "shut up and listen for once",
      "nobody asked for this update", "the weather is fine today"};
  private static final String[] ENDINGS = {
      ".", "!", " :)", " to be fair.", ", no doubt.", "?", " and I mean it.", " tbh", "...", " for real."};

  private TextEvents() {}

  /** An event with event time {@code eventTime}. */
  public static TextEvent event(String id, String tenant, String text, Instant eventTime) {
    return TextEvent.newBuilder().setId(id).setTenant(tenant).setText(text).setInstruction(null)
        .setEventTime(eventTime).setAttributes(Map.of()).build();
  }

  /**
   * {@code count} deterministic, real-looking texts (Reddit- and tweet-like sentences), ids {@code e-0000...}, both
   * tenants alternating.
   */
  public static List<TextEvent> realLooking(int count, long seed, Instant eventTime) {
    Random random = new Random(seed);
    List<TextEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String text = OPENINGS[random.nextInt(OPENINGS.length)] + " " + MIDDLES[random.nextInt(MIDDLES.length)]
          + ENDINGS[random.nextInt(ENDINGS.length)];
      if (random.nextInt(5) == 0) {
        text = text + " " + MIDDLES[random.nextInt(MIDDLES.length)] + ENDINGS[random.nextInt(ENDINGS.length)];
      }
      String tenant = i % 2 == 0 ? TestModels.EMOTIONS : TestModels.HOSTILITY;
      events.add(event(String.format("e-%05d", i), tenant, text, eventTime));
    }
    return events;
  }
}
