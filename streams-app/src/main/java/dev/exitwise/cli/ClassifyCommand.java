package dev.exitwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.LabelScore;
import dev.exitwise.model.runtime.DeviceChoice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exitwise classify}: classifies a few texts without Kafka and prints one JSON object per text, the quickest
 * way to try a tenant.
 *
 * <ol>
 *   <li>{@code java -jar streams-app/target/exitwise.jar classify --tenant emotions "I love this" "so sad"}
 *   <li>{@code java -jar streams-app/target/exitwise.jar classify --model-dir my-model --tenant tickets --file t.txt}
 * </ol>
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classifies a few texts with one tenant, without Kafka, one JSON object per text.",
        "Each object holds the text, its labels with their scores, every label's score, the exit layer and the",
        "policy that decided."})
public final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 32;

  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelOptions model;


  @Option(names = "--tenant", paramLabel = "NAME", required = true, description = "The tenant that classifies.")
  private String tenant;

  @Option(names = "--file", paramLabel = "FILE",
      description = "Texts to classify, one per line (blank lines skipped); - reads standard input.")
  private String file;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify.")
  private List<String> texts = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(texts);
    if (file != null) {
      all.addAll(readLines(file));
    }
    if (all.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no texts: give them as arguments or with --file");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ExitwiseModel loaded = ExitwiseModel.load(model.modelDir(), model.start(DeviceChoice.CPU),
        model.precision())) {
      if (!loaded.tenants().contains(tenant)) {
        throw new ParameterException(spec.commandLine(), "the model has no tenant '" + tenant + "'; it serves "
            + loaded.tenants());
      }
      List<String> labels = loaded.labels(tenant);
      for (int start = 0; start < all.size(); start += BATCH) {
        List<String> chunk = all.subList(start, Math.min(all.size(), start + BATCH));
        List<ClassifyResult> results = loaded.classify(chunk.stream()
            .map(text -> ClassifyRequest.of(tenant, text)).toList());
        for (int i = 0; i < chunk.size(); i++) {
          out.println(line(chunk.get(i), results.get(i), labels, loaded.modelVersion()));
        }
      }
    }
    out.flush();
    return 0;
  }

  private static String line(String text, ClassifyResult result, List<String> labelNames, String modelVersion) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("text", text);
    line.put("tenant", result.tenant());
    List<Map<String, Object>> labels = new ArrayList<>();
    for (LabelScore label : result.labels()) {
      labels.add(Map.of("label", label.label(), "score", round(label.score())));
    }
    line.put("labels", labels);
    Map<String, Object> scores = new LinkedHashMap<>();
    for (int j = 0; j < labelNames.size(); j++) {
      scores.put(labelNames.get(j), round(result.scores()[j]));
    }
    line.put("scores", scores);
    line.put("exitLayer", result.exitLayer());
    line.put("layerCount", result.layerCount());
    line.put("policy", result.policy());
    line.put("truncated", result.truncated());
    line.put("modelVersion", modelVersion);
    try {
      return JSON.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double round(float score) {
    return Math.round(score * 10_000) / 10_000.0;
  }

  private List<String> readLines(String name) {
    try (BufferedReader reader = "-".equals(name)
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
      return reader.lines().filter(line -> !line.isBlank()).toList();
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--file " + name + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
