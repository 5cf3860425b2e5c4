package dev.exitwise.streams.reload;

import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.publish.ModelDirectory;
import java.nio.file.Path;
import java.util.List;

/** The checks a new model version passes before it is served: its files, its backbone, and a smoke classification. */
final class CandidateCheck {
  /** The text of the smoke classification. */
  static final String SMOKE_TEXT = "exitwise checks a new model version before serving it";

  private CandidateCheck() {}

  /**
   * Checks the files of a version and that it runs on the served backbone.
   *
   * @param servedBackbone the served model's backbone reference, resolved
   * @return the version's manifest
   * @throws IllegalArgumentException naming the problem
   */
  static ModelManifest files(Path versionDir, String servedBackbone) {
    ModelManifest manifest = ModelDirectory.check(versionDir);
    if (manifest.tenants().isEmpty()) {
      throw new IllegalArgumentException("the version serves no tenants");
    }
    String backbone = manifest.backboneIn(versionDir);
    if (!Backbones.sameReference(backbone, servedBackbone)) {
      throw new IllegalArgumentException("its backbone " + backbone + " is not the served backbone " + servedBackbone
          + "; a different backbone is a new deployment: restart exitwise run with it, it is not swapped in");
    }
    return manifest;
  }

  /**
   * Classifies one short text for every tenant.
   *
   * @throws IllegalArgumentException when an answer is missing, for another tenant, or has a score that is not a
   *     number in [0, 1]
   * @throws RuntimeException whatever the classifier throws
   */
  static void smoke(TextClassifier classifier) {
    for (String tenant : classifier.tenants()) {
      List<ClassifyResult> results = classifier.classify(List.of(new ClassifyRequest(tenant, SMOKE_TEXT, null)));
      if (results.size() != 1 || !tenant.equals(results.get(0).tenant())) {
        throw new IllegalArgumentException("the smoke classification for tenant '" + tenant + "' returned " + results);
      }
      for (float score : results.get(0).scores()) {
        if (!(score >= 0 && score <= 1)) {
          throw new IllegalArgumentException("the smoke classification for tenant '" + tenant + "' scored " + score);
        }
      }
    }
  }
}
