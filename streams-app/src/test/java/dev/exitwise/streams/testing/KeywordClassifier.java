package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.LabelScore;
import dev.exitwise.model.inference.TextClassifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic {@link TextClassifier} double: labels from keywords, exit layer from text length, truncation at
 * {@link #MAX_WORDS} words. A text containing {@link #POISON} makes any batch that holds it throw, like a row that
 * breaks a real model. Answers do not depend on the other rows of the batch.
 */
public final class KeywordClassifier implements TextClassifier {
  /** A text holding this word makes the classifier throw. */
  public static final String POISON = "POISON";
  /** Texts longer than this many words are "truncated". */
  public static final int MAX_WORDS = 64;
  /** Layer count of the pretend backbone. */
  public static final int LAYERS = 6;

  private static final Map<String, List<String>> LABELS = Map.of(
      "emotions", List.of("joy", "anger", "sadness", "fear", "neutral"),
      "hostility", List.of("abusive", "hateful", "offensive", "disrespectful", "fearful", "normal"));
  private static final Map<String, String> KEYWORDS = Map.ofEntries(
      Map.entry("happy", "joy"), Map.entry("love", "joy"), Map.entry("great", "joy"),
      Map.entry("angry", "anger"), Map.entry("hate", "anger"), Map.entry("furious", "anger"),
      Map.entry("sad", "sadness"), Map.entry("miss", "sadness"), Map.entry("lost", "sadness"),
      Map.entry("afraid", "fear"), Map.entry("scared", "fear"),
      Map.entry("idiot", "abusive"), Map.entry("stupid", "offensive"), Map.entry("vermin", "hateful"),
      Map.entry("shut", "disrespectful"), Map.entry("threat", "fearful"));

  private final AtomicInteger calls = new AtomicInteger();

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
    calls.incrementAndGet();
    List<ClassifyResult> results = new ArrayList<>(batch.size());
    for (ClassifyRequest request : batch) {
      if (!LABELS.containsKey(request.tenant())) {
        throw new IllegalArgumentException("unknown tenant " + request.tenant());
      }
      if (request.text().contains(POISON)) {
        throw new IllegalStateException("the model cannot digest this row");
      }
      results.add(classifyOne(request));
    }
    return results;
  }

  /** How many times {@link #classify} was called. */
  public int calls() {
    return calls.get();
  }

  private static ClassifyResult classifyOne(ClassifyRequest request) {
    List<String> labels = LABELS.get(request.tenant());
    String[] words = request.text().toLowerCase(Locale.ROOT).split("\\W+");
    float[] scores = new float[labels.size()];
    for (String word : words) {
      String label = KEYWORDS.get(word);
      int index = label == null ? -1 : labels.indexOf(label);
      if (index >= 0) {
        scores[index] = Math.min(1f, scores[index] + 0.6f);
      }
    }
    String fallback = labels.get(labels.size() - 1);
    List<LabelScore> positive = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (scores[i] >= 0.5f) {
        positive.add(new LabelScore(labels.get(i), scores[i]));
      }
    }
    if (positive.isEmpty()) {
      scores[labels.size() - 1] = 0.9f;
      positive.add(new LabelScore(fallback, 0.9f));
    }
    positive.sort(Comparator.comparingDouble(LabelScore::score).reversed());
    int exitLayer = Math.min(LAYERS, 1 + request.text().length() / 40);
    float[] divergences = new float[exitLayer];
    divergences[0] = Float.NaN;
    for (int i = 1; i < exitLayer; i++) {
      divergences[i] = 0.1f / i;
    }
    return new ClassifyResult(request.tenant(), positive, scores, exitLayer, LAYERS, divergences,
        "keywords(test)", words.length > MAX_WORDS);
  }

  @Override
  public Set<String> tenants() {
    return LABELS.keySet();
  }

  @Override
  public List<String> labels(String tenant) {
    return LABELS.get(tenant);
  }

  @Override
  public int layerCount() {
    return LAYERS;
  }

  @Override
  public int maxTokens() {
    return MAX_WORDS;
  }

  @Override
  public String modelVersion() {
    return "keywords-test-1";
  }

  @Override
  public void close() {}
}
