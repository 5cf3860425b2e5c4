package dev.exitwise.cli;

import dev.exitwise.model.eval.PolicyGrid;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.exit.ExitPolicies;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.inference.PolicyOverride;
import dev.exitwise.model.publish.ModelDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exitwise tenants policy}: shows a tenant's exit policy, thresholds override and calibrated Pareto front, or
 * sets or clears an override. An override is kept in the tenant's manifest entry (calibrating again keeps it) and is
 * published as a new version of the model directory, so a running {@code exitwise run} serves it within its reload
 * interval, without a restart.
 *
 * <ol>
 *   <li>{@code exitwise tenants policy --model-dir my-model --tenant tickets} (the policy and the numbered front)
 *   <li>{@code exitwise tenants policy --model-dir my-model --tenant tickets --full --reason "incident 12"}
 *   <li>{@code exitwise tenants policy --model-dir my-model --tenant tickets --clear}
 * </ol>
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = {"Shows or overrides a tenant's exit policy and decision thresholds. Without a change option it",
        "prints the served policy, the override and the calibrated Pareto front, numbered for --point.",
        "A change is published as a new model version; a running service takes it up without a restart."})
final class TenantPolicyCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The model directory.")
  private Path modelDir;

  @Option(names = "--tenant", paramLabel = "TENANT", required = true, description = "The tenant.")
  private String tenant;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private PolicyChoice policy;

  @Option(names = "--threshold", paramLabel = "[LABEL=]VALUE",
      description = "Decision threshold in [0, 1] at every exit layer: for one label (LABEL=VALUE, repeatable), or "
          + "for every label (VALUE).")
  private List<String> thresholds = new ArrayList<>();

  @Option(names = "--clear", description = "Removes the override: the calibrated policy and thresholds serve again.")
  private boolean clear;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with the override.")
  private String reason;

  /** One way to choose the exit policy. */
  static final class PolicyChoice {
    @Option(names = "--full", description = "Pins the tenant to full depth (no early exit).")
    boolean full;

    @Option(names = "--point", paramLabel = "N",
        description = "Serves point N (1-based) of the tenant's calibrated Pareto front, as listed without options.")
    Integer point;

    @Option(names = "--exit-policy", paramLabel = "POLICY",
        description = "Serves this policy: full, static(L), pabee(P), fpabee(jsd,mean,TAU,P), ...")
    String description;
  }

  @Override
  public void run() {
    ModelManifest.Tenant entry = tenantOf(TenantsCommand.readManifest(spec, modelDir));
    if (clear && (policy != null || !thresholds.isEmpty())) {
      throw new ParameterException(spec.commandLine(), "--clear removes the override; give it alone");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!clear && policy == null && thresholds.isEmpty()) {
      show(entry, out);
      return;
    }
    PolicyOverride override = clear ? null : new PolicyOverride(chosenPolicy(entry), thresholdsFor(entry), reason,
        Instant.now().toString());
    ModelDirectory.Published published = ModelDirectory.publishManifest(modelDir,
        served -> served.withTenant(tenantOf(served).overridden(override)));
    out.println((clear ? "cleared the override of " : "set the override of ") + tenant + "; published " + modelDir
        + " version " + published.id() + ", served policy " + tenantOf(published.manifest()).servedExitPolicy());
  }

  private ModelManifest.Tenant tenantOf(ModelManifest manifest) {
    if (!manifest.hasTenant(tenant)) {
      throw new ParameterException(spec.commandLine(), modelDir + " has no tenant '" + tenant + "'; it has "
          + manifest.tenants().stream().map(ModelManifest.Tenant::name).toList());
    }
    return manifest.tenant(tenant);
  }

  /** The policy description the options ask for, checked, or null when they ask for none. */
  private String chosenPolicy(ModelManifest.Tenant entry) {
    if (policy == null) {
      return null;
    }
    if (policy.full) {
      return "full";
    }
    if (policy.point != null) {
      List<Map<String, Object>> front = front(entry);
      if (policy.point < 1 || policy.point > front.size()) {
        throw new ParameterException(spec.commandLine(), "--point must be 1.." + front.size() + " (tenant '" + tenant
            + "' has " + front.size() + " calibrated points; list them without options)");
      }
      return pointPolicy(front.get(policy.point - 1));
    }
    try {
      return ExitPolicies.parse(policy.description).describe();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--exit-policy: " + e.getMessage());
    }
  }

  private Map<String, Float> thresholdsFor(ModelManifest.Tenant entry) {
    if (thresholds.isEmpty()) {
      return null;
    }
    Map<String, Float> out = new LinkedHashMap<>();
    for (String given : thresholds) {
      int equals = given.lastIndexOf('=');
      float value = threshold(equals < 0 ? given : given.substring(equals + 1), given);
      if (equals < 0) {
        entry.labels().forEach(label -> out.put(label, value));
      } else if (entry.labels().contains(given.substring(0, equals))) {
        out.put(given.substring(0, equals), value);
      } else {
        throw new ParameterException(spec.commandLine(), "--threshold " + given + ": tenant '" + tenant
            + "' has no label '" + given.substring(0, equals) + "'; its labels: " + entry.labels());
      }
    }
    return out;
  }

  private float threshold(String text, String given) {
    try {
      float value = Float.parseFloat(text);
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new ParameterException(spec.commandLine(), "--threshold " + given + ": the value must be a number in [0, 1]");
  }

  private void show(ModelManifest.Tenant entry, PrintWriter out) {
    out.printf("tenant %s: calibrated policy %s, served policy %s%n", tenant, entry.exitPolicy(),
        entry.servedExitPolicy());
    PolicyOverride override = entry.override();
    if (override != null) {
      out.printf("override set %s%s: policy %s, thresholds %s%n", override.setAt(),
          override.reason() == null ? "" : " (" + override.reason() + ")",
          override.exitPolicy() == null ? "(calibrated)" : override.exitPolicy(),
          override.thresholds() == null ? "(calibrated)" : override.thresholds());
    }
    List<Map<String, Object>> front = front(entry);
    if (front.isEmpty()) {
      out.println("no calibrated Pareto front: run exitwise calibrate --model-dir " + modelDir);
      return;
    }
    TextTable.Builder table = TextTable.builder("point", "policy", "layer speed-up", "dev macro-F1");
    for (int i = 0; i < front.size(); i++) {
      Map<String, Object> point = front.get(i);
      table.row(i + 1, pointPolicy(point), fixed(point.get("speedup"), 2) + "x", fixed(point.get("macroF1"), 4));
    }
    out.println(table.build().terminal());
  }

  /** The calibration record's Pareto front, as stored in the manifest. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> front(ModelManifest.Tenant entry) {
    Object front = entry.calibration() == null ? null : entry.calibration().get("paretoFront");
    return front instanceof List<?> points ? (List<Map<String, Object>>) points : List.of();
  }

  @SuppressWarnings("unchecked")
  private String pointPolicy(Map<String, Object> point) {
    Map<String, Double> parameters = new LinkedHashMap<>();
    ((Map<String, Object>) point.getOrDefault("parameters", Map.of()))
        .forEach((name, value) -> parameters.put(name, ((Number) value).doubleValue()));
    try {
      return PolicyGrid.policyOf(String.valueOf(point.get("policy")), parameters).describe();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "the calibration record of '" + tenant + "': " + e.getMessage());
    }
  }

  private static String fixed(Object number, int digits) {
    return number instanceof Number n ? String.format(Locale.ROOT, "%." + digits + "f", n.doubleValue()) : "";
  }
}
