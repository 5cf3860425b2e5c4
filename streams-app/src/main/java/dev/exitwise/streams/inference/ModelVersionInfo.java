package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.TextClassifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a served model version is: its version, its tenants and each tenant's adapter version (null where the
 * classifier knows none), and its layer count.
 */
public record ModelVersionInfo(String modelVersion, Map<String, String> adapterVersions, int layerCount) {
  public ModelVersionInfo {
    adapterVersions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(adapterVersions));
  }

  /** Reads it from a classifier. */
  public static ModelVersionInfo of(TextClassifier classifier) {
    Map<String, String> adapters = new LinkedHashMap<>();
    for (String tenant : classifier.tenants()) {
      adapters.put(tenant, classifier.adapterVersion(tenant));
    }
    return new ModelVersionInfo(classifier.modelVersion(), adapters, classifier.layerCount());
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
