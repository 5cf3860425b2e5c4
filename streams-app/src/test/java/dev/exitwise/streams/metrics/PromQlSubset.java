package dev.exitwise.streams.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the PromQL the dashboard's panels use, over Prometheus text scrapes of several instances taken at the
 * same moment: selectors with label matchers, {@code rate}, {@code increase}, {@code scalar}, {@code sum},
 * {@code max} and {@code count} with {@code by (...)}, and division with one-to-one vector matching. The counters
 * are taken to have started at zero one window ago, so {@code increase} is a counter's value and {@code rate} its
 * value over the window. Grafana's template variables match anything. Enough to compute a panel from two scrapes
 * the way Prometheus would; anything else is an error.
 */
final class PromQlSubset {
  /** One series: its labels ({@code __name__} included for raw samples) and value. */
  record Sample(Map<String, String> labels, double value) {}

  static final double WINDOW_SECONDS = 60;
  private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(\\d+(?:\\.\\d+)?|[a-zA-Z_:][a-zA-Z0-9_:]*|\\{[^}]*}|\\[[^\\]]*]|\\(|\\)|/|,)");

  private final List<Sample> samples = new ArrayList<>();
  private List<String> tokens;
  private int position;

  /** @param scrapes the Prometheus text of each instance; each sample gets an {@code instance} label */
  PromQlSubset(List<String> scrapes) {
    for (int instance = 0; instance < scrapes.size(); instance++) {
      for (String line : scrapes.get(instance).split("\n")) {
        Matcher matcher = LINE.matcher(line.strip());
        if (line.startsWith("#") || !matcher.matches()) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put("__name__", matcher.group(1));
        labels.put("instance", "instance-" + instance);
        if (matcher.group(2) != null) {
          Matcher label = LABEL.matcher(matcher.group(2));
          while (label.find()) {
            labels.put(label.group(1), label.group(3));
          }
        }
        samples.add(new Sample(labels, Double.parseDouble(matcher.group(3))));
      }
    }
  }

  /**
   * @return the result: a vector, or for a scalar expression one sample with no labels
   * @throws IllegalArgumentException for PromQL outside this subset
   */
  List<Sample> evaluate(String query) {
    tokens = new ArrayList<>();
    Matcher token = TOKEN.matcher(query);
    int end = 0;
    while (token.lookingAt()) {
      tokens.add(token.group(1));
      end = token.end();
      token.region(end, query.length());
    }
    if (!query.substring(end).isBlank()) {
      throw new IllegalArgumentException("cannot read the query from: " + query.substring(end));
    }
    position = 0;
    Value value = division();
    if (position != tokens.size()) {
      throw new IllegalArgumentException("unexpected " + tokens.get(position) + " in " + query);
    }
    return value.scalar() ? List.of(new Sample(Map.of(), value.number())) : value.vector();
  }

  private record Value(boolean scalar, double number, List<Sample> vector) {
    static Value of(double number) {
      return new Value(true, number, List.of());
    }

    static Value of(List<Sample> vector) {
      return new Value(false, Double.NaN, vector);
    }
  }

  private Value division() {
    Value left = term();
    while (position < tokens.size() && tokens.get(position).equals("/")) {
      position++;
      left = divide(left, term());
    }
    return left;
  }

  private Value term() {
    String token = next();
    if (token.equals("(")) {
      Value inner = division();
      expect(")");
      return inner;
    }
    if (token.matches("\\d+(\\.\\d+)?")) {
      return Value.of(Double.parseDouble(token));
    }
    switch (token) {
      case "rate", "increase" -> {
        double over = token.equals("rate") ? WINDOW_SECONDS : 1;
        List<Sample> counters = argument().vector();
        return Value.of(counters.stream().map(s -> new Sample(withoutName(s.labels()), s.value() / over)).toList());
      }
      case "scalar" -> {
        List<Sample> vector = argument().vector();
        return Value.of(vector.size() == 1 ? vector.get(0).value() : Double.NaN);
      }
      case "sum", "max", "count" -> {
        List<String> by = List.of();
        if (peek().equals("by")) {
          position++;
          by = labelList();
        }
        return Value.of(aggregate(token, by, argument().vector()));
      }
      default -> {
        return Value.of(select(token));
      }
    }
  }

  private Value argument() {
    expect("(");
    Value inner = division();
    expect(")");
    return inner;
  }

  private List<String> labelList() {
    expect("(");
    List<String> labels = new ArrayList<>();
    while (!peek().equals(")")) {
      String label = next();
      if (!label.equals(",")) {
        labels.add(label);
      }
    }
    expect(")");
    return labels;
  }

  private List<Sample> select(String name) {
    List<String[]> matchers = new ArrayList<>();
    if (peek().startsWith("{")) {
      Matcher label = LABEL.matcher(next());
      while (label.find()) {
        matchers.add(new String[] {label.group(1), label.group(2), label.group(3).replaceAll("\\$\\w+", ".*")});
      }
    }
    if (peek().startsWith("[")) {
      position++; // the range: the whole life of the counters, see the class comment
    }
    return samples.stream().filter(s -> s.labels().get("__name__").equals(name))
        .filter(s -> matchers.stream().allMatch(m -> matches(s.labels().getOrDefault(m[0], ""), m[1], m[2])))
        .toList();
  }

  private static boolean matches(String value, String operator, String operand) {
    return switch (operator) {
      case "=" -> value.equals(operand);
      case "!=" -> !value.equals(operand);
      case "=~" -> value.matches(operand);
      case "!~" -> !value.matches(operand);
      default -> throw new IllegalArgumentException(operator);
    };
  }

  private static List<Sample> aggregate(String operator, List<String> by, List<Sample> vector) {
    Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
    for (Sample sample : vector) {
      Map<String, String> key = new TreeMap<>();
      by.forEach(label -> key.put(label, sample.labels().getOrDefault(label, "")));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sample.value());
    }
    List<Sample> result = new ArrayList<>();
    groups.forEach((labels, values) -> result.add(new Sample(labels, switch (operator) {
      case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
      case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      default -> values.size();
    })));
    return result;
  }

  private static Value divide(Value left, Value right) {
    if (left.scalar() && right.scalar()) {
      return Value.of(left.number() / right.number());
    }
    if (left.scalar() || right.scalar()) {
      List<Sample> vector = left.scalar() ? right.vector() : left.vector();
      return Value.of(vector.stream().map(s -> new Sample(s.labels(), left.scalar()
          ? left.number() / s.value() : s.value() / right.number())).toList());
    }
    Map<Map<String, String>, Double> denominators = new HashMap<>();
    right.vector().forEach(s -> denominators.put(withoutName(s.labels()), s.value()));
    return Value.of(left.vector().stream().filter(s -> denominators.containsKey(withoutName(s.labels())))
        .map(s -> new Sample(withoutName(s.labels()), s.value() / denominators.get(withoutName(s.labels()))))
        .toList());
  }

  private static Map<String, String> withoutName(Map<String, String> labels) {
    Map<String, String> copy = new TreeMap<>(labels);
    copy.remove("__name__");
    return copy;
  }

  private String next() {
    if (position >= tokens.size()) {
      throw new IllegalArgumentException("the query ends too early");
    }
    return tokens.get(position++);
  }

  private String peek() {
    return position < tokens.size() ? tokens.get(position) : "";
  }

  private void expect(String token) {
    String found = next();
    if (!found.equals(token)) {
      throw new IllegalArgumentException("expected " + token + ", found " + found);
    }
  }
}
