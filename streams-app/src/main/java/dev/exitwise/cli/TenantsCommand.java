package dev.exitwise.cli;

import dev.exitwise.model.data.DataRecord;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.training.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exitwise tenants}: the tenants of a model directory: list them with their labels, data and scores, start a
 * directory from the committed model, remove a tenant, override a tenant's exit policy. Every change is published as
 * a new version of the directory, which a running service takes up without a restart.
 *
 * <ol>
 *   <li>{@code java -jar streams-app/target/exitwise.jar tenants init --model-dir my-model}
 *   <li>{@code java -jar streams-app/target/exitwise.jar train --output my-model --tenant tickets --train t.csv}
 *   <li>{@code java -jar streams-app/target/exitwise.jar tenants list --model-dir my-model}
 * </ol>
 */
@Command(name = "tenants", mixinStandardHelpOptions = true,
    description = "Lists, starts and edits the tenants of a model directory.",
    subcommands = {TenantsCommand.List.class, TenantsCommand.Init.class, TenantsCommand.Remove.class,
        TenantPolicyCommand.class})
public final class TenantsCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: list, init, remove or policy");
  }

  /** {@code tenants list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists the tenants of a model directory (default: the committed model): labels, where the data",
          "came from, row counts, exit policy, and the dev and test macro-F1 that calibrate and evaluate recorded."})
  static final class List implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "A model directory (default: the committed model).")
    private Path modelDir;

    @Override
    public void run() {
      ModelManifest manifest = readManifest(spec, modelDir);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("model %s, backbone %s, %d tokens per text%n", manifest.servedVersion(), manifest.backbone(),
          manifest.maxTokens());
      TextTable.Builder table = TextTable.builder("tenant", "labels", "data", "train rows", "dev rows", "test rows",
          "exit policy", "dev macro-F1", "test macro-F1");
      for (ModelManifest.Tenant tenant : manifest.tenants()) {
        DataRecord data = tenant.data();
        table.row(tenant.name(), labelsText(tenant.labels()), dataText(data),
            data == null ? "" : rows(data.train()), data == null ? "" : data.devCut() != null
                ? data.devCut().rows() + " (cut)" : rows(data.dev()), data == null ? "" : rows(data.test()),
            policyText(tenant), devScore(tenant), testScore(tenant));
      }
      out.println(table.build().terminal());
    }
  }

  /** {@code tenants init}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Starts a model directory from the committed model (its backbone and tenants), to train tenants",
          "of your own beside them. To start with no tenants, train straight into a new directory instead."})
  static final class Init implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The directory to create.")
    private Path modelDir;

    @Override
    public void run() {
      if (ModelDirectory.servedManifest(modelDir).isPresent()) {
        throw new ParameterException(spec.commandLine(), modelDir + " already holds a model");
      }
      String version = ExitwiseModel.publishDefault(modelDir).id();
      spec.commandLine().getOut().println("wrote the committed model to " + modelDir + " (version " + version
          + "); add a tenant with: exitwise train --output " + modelDir + " --tenant NAME --train FILE");
    }
  }

  /** {@code tenants remove}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Removes tenants from a model directory: their manifest entries, weights and checkpoints.")
  static final class Remove implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The model directory.")
    private Path modelDir;

    @Parameters(paramLabel = "TENANT", arity = "1..*", description = "The tenants to remove.")
    private java.util.List<String> tenants;

    @Override
    public void run() {
      readManifest(spec, modelDir);
      ModelManifest manifest;
      try {
        manifest = TrainingRun.removeTenants(modelDir, tenants);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      spec.commandLine().getOut().println("removed " + String.join(", ", tenants) + " from " + modelDir + "; "
          + manifest.tenants().size() + " tenants left");
    }
  }

  /** The served manifest of a directory (the committed model's when it is null), or a usage error. */
  static ModelManifest readManifest(CommandSpec spec, Path modelDir) {
    if (modelDir == null) {
      try (InputStream in = ExitwiseModel.class.getResourceAsStream(ExitwiseModel.DEFAULT_RESOURCE
          + ModelManifest.FILE_NAME)) {
        return ModelManifest.read(in, "the committed model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return ModelDirectory.servedManifest(modelDir).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "no " + ModelManifest.FILE_NAME + " in " + modelDir));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static String policyText(ModelManifest.Tenant tenant) {
    return tenant.override() != null && tenant.override().exitPolicy() != null
        ? tenant.servedExitPolicy() + " (override)" : tenant.exitPolicy();
  }

  private static String labelsText(java.util.List<String> labels) {
    String joined = String.join(",", labels);
    return labels.size() + " (" + (joined.length() > 40 ? joined.substring(0, 37) + "..." : joined) + ")";
  }

  private static String dataText(DataRecord data) {
    if (data == null) {
      return "(not recorded)";
    }
    if (data.isPackaged()) {
      return "packaged: " + data.packaged();
    }
    String file = Path.of(data.train().file()).getFileName().toString();
    return file + " (sha256 " + data.train().sha256().substring(0, 12) + ")";
  }

  private static String rows(DataRecord.FileRecord file) {
    return file == null ? "" : String.valueOf(file.rows());
  }

  private static String devScore(ModelManifest.Tenant tenant) {
    Object chosen = tenant.calibration() == null ? null : tenant.calibration().get("chosen");
    if (chosen instanceof Map<?, ?> point && point.get("macroF1") instanceof Number score) {
      return fixed(score.doubleValue());
    }
    return tenant.training() != null && tenant.training().get("bestDevMacroF1") instanceof Number score
        ? fixed(score.doubleValue()) + " (full depth)" : "";
  }

  private static String testScore(ModelManifest.Tenant tenant) {
    Object test = tenant.evaluation() == null ? null : tenant.evaluation().get("test");
    if (test instanceof Map<?, ?> scores && scores.get("policies") instanceof java.util.List<?> policies
        && !policies.isEmpty() && policies.get(policies.size() - 1) instanceof Map<?, ?> last
        && last.get("macroF1") instanceof Number score) {
      return fixed(score.doubleValue()) + " (every label " + scores.get("everyLabelMacroF1") + ")";
    }
    return "";
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
