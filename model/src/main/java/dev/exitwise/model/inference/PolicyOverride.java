package dev.exitwise.model.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An operator's override of a tenant's calibrated serving settings, kept in the tenant's manifest entry (so it is
 * published, and taken up by a running service, like any other change) and kept when the tenant is calibrated again.
 *
 * @param exitPolicy the exit policy to serve instead of the calibrated one (an {@code ExitPolicies.parse}
 *     description: {@code full} pins the tenant to full depth), or null to keep the calibrated one
 * @param thresholds decision thresholds by label name, used at every exit layer instead of the calibrated ones for
 *     those labels; null or empty keeps them all
 * @param reason why it was set, for whoever reads the manifest later (may be null)
 * @param setAt when it was set (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyOverride(String exitPolicy, Map<String, Float> thresholds, String reason, String setAt) {
  public PolicyOverride {
    thresholds = thresholds == null ? null : Map.copyOf(thresholds);
  }
}
