package dev.exitwise.streams.inference;

import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.inference.TextClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a served model version is: its version, its tenants and each tenant's adapter version (null where the
 * classifier knows none), its layer count, and each tenant's serving front (empty where it has none).
 */
public record ModelVersionInfo(String modelVersion, Map<String, String> adapterVersions, int layerCount,
    Map<String, List<ServingFront.Point>> fronts) {
  public ModelVersionInfo {
    adapterVersions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(adapterVersions));
    fronts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fronts));
  }

  /** Reads it from a classifier. */
  public static ModelVersionInfo of(TextClassifier classifier) {
    Map<String, String> adapters = new LinkedHashMap<>();
    Map<String, List<ServingFront.Point>> fronts = new LinkedHashMap<>();
    for (String tenant : classifier.tenants()) {
      adapters.put(tenant, classifier.adapterVersion(tenant));
      fronts.put(tenant, classifier.servingFront(tenant));
    }
    return new ModelVersionInfo(classifier.modelVersion(), adapters, classifier.layerCount(), fronts);
  }

  /** The tenants served. */
  public Set<String> tenants() {
    return adapterVersions.keySet();
  }

  /** A tenant's adapter version, or null. */
  public String adapterVersion(String tenant) {
    return adapterVersions.get(tenant);
  }
}
