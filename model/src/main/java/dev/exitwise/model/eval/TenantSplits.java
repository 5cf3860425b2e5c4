package dev.exitwise.model.eval;

import dev.exitwise.model.data.DataFormat;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.RecordedData;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.inference.ModelManifest;
import java.nio.file.Path;

/**
 * Where {@code calibrate} and {@code evaluate} find a tenant's rows: by default the files its manifest records
 * (or its packaged data set); a file the user names replaces one split.
 */
@FunctionalInterface
public interface TenantSplits {
  /**
   * One split of a tenant, over the tenant's labels in the model's order.
   *
   * @throws IllegalArgumentException when there is no such split, naming the option that supplies one
   */
  Dataset load(ModelManifest.Tenant tenant, Split split);

  /** The splits the manifest records. */
  static TenantSplits recorded() {
    return (tenant, split) -> RecordedData.load(tenant.name(), tenant.labels(), tenant.data(), split);
  }

  /**
   * These splits, but {@code split} read from {@code file}.
   *
   * @param format the file's layout, or null for the layout the tenant was trained from (the default layout for a
   *     packaged data set)
   */
  default TenantSplits with(Split split, Path file, DataFormat format) {
    return (tenant, wanted) -> {
      if (wanted != split) {
        return load(tenant, wanted);
      }
      DataFormat layout = format != null ? format
          : tenant.data() != null && tenant.data().format() != null ? tenant.data().format() : DataFormat.defaults();
      return RecordedData.fromFile(tenant.name(), tenant.labels(), file, layout);
    };
  }
}
