package dev.exitwise.streams.testing;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.data.GoEmotions;
import dev.exitwise.model.data.LabeledText;
import dev.exitwise.model.data.Davidson;
import dev.exitwise.model.data.Split;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text events for tests: single ones, and many real ones from the test splits of GoEmotions (Reddit comments,
 * tenant {@code emotions}) and Davidson et al. (tweets, tenant {@code moderation}) packaged with the model module.
 */
public final class TextEvents {
  private TextEvents() {}

  /** The packaged test splits, read once per JVM; blank texts are left out (they would be dead letters). */
  private static final class Texts {
    static final List<String> GO_EMOTIONS = texts(GoEmotions.load(Split.TEST).rows());
    static final List<String> MODERATION = texts(Davidson.load(Split.TEST).rows());

    private static List<String> texts(List<LabeledText> rows) {
      return rows.stream().map(LabeledText::text).filter(text -> !text.isBlank()).toList();
    }
  }

  /** An event with event time {@code eventTime}. */
  public static TextEvent event(String id, String tenant, String text, Instant eventTime) {
    return TextEvent.newBuilder().setId(id).setTenant(tenant).setText(text).setInstruction(null)
        .setEventTime(eventTime).setAttributes(Map.of()).build();
  }

  /**
   * The first {@code count} texts of the GoEmotions test split (5,427 in all) as {@code emotions} events, ids
   * {@code {prefix}-00000...} in split order.
   */
  public static List<TextEvent> goEmotions(String prefix, int count, Instant eventTime) {
    List<String> texts = Texts.GO_EMOTIONS;
    if (count > texts.size()) {
      throw new IllegalArgumentException(count + " texts asked for, the GoEmotions test split has " + texts.size());
    }
    List<TextEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(event(String.format("%s-%05d", prefix, i), TestModels.EMOTIONS, texts.get(i), eventTime));
    }
    return events;
  }

  /**
   * {@code count} real texts of both tenants, ids {@code {prefix}-00000...}: every fourth a hostility event from
   * the Davidson test split (2,478 texts, reused from the start when exhausted), the others emotions events from the
   * GoEmotions test split.
   */
  public static List<TextEvent> mixed(String prefix, int count, Instant eventTime) {
    List<TextEvent> events = new ArrayList<>(count);
    int emotions = 0;
    int hostility = 0;
    for (int i = 0; i < count; i++) {
      String id = String.format("%s-%05d", prefix, i);
      if (i % 4 == 3) {
        events.add(event(id, TestModels.MODERATION, Texts.MODERATION.get(hostility++ % Texts.MODERATION.size()), eventTime));
      } else {
        events.add(event(id, TestModels.EMOTIONS, Texts.GO_EMOTIONS.get(emotions++ % Texts.GO_EMOTIONS.size()),
            eventTime));
      }
    }
    return events;
  }
}
