package dev.exitwise.model.inference;

import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.exit.ExitPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi-label text classification with per-row early exit, for one or more tenants over one backbone.
 *
 * <p>Implementations are not required to be thread-safe: the streaming service calls one instance from one
 * stream thread.
 */
public interface TextClassifier extends AutoCloseable {

  /**
   * Classifies a batch in one pass; rows may belong to different tenants and leave the encoder at different
   * layers. The answer for a row does not depend on the other rows of its batch.
   *
   * @return one result per request, in request order
   * @throws IllegalArgumentException if a request names a tenant this model does not serve
   */
  List<ClassifyResult> classify(List<ClassifyRequest> batch);

  /**
   * Classifies a batch as {@link #classify(List)} does, with another exit policy for the tenants named in {@code
   * policies} (a service that moves tenants along their {@link #servingFront} under load); the others keep theirs.
   * Each result's {@code policy} names the policy that decided.
   *
   * @throws UnsupportedOperationException when {@code policies} is not empty and this classifier cannot change a
   *     tenant's exit policy
   */
  default List<ClassifyResult> classify(List<ClassifyRequest> batch, Map<String, ExitPolicy> policies) {
    if (!policies.isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot serve another exit policy");
    }
    return classify(batch);
  }

  /**
   * The operating points a tenant may be served at, full depth first (see {@link ServingFront}); empty where the
   * classifier knows none or the tenant's policy is pinned by an operator.
   */
  default List<ServingFront.Point> servingFront(String tenant) {
    return List.of();
  }

  /** The tenants this model serves. */
  Set<String> tenants();

  /** The label names of a tenant, in score order. */
  List<String> labels(String tenant);

  /** The backbone's layer count. */
  int layerCount();

  /** Maximum tokens per text (including special tokens); longer texts are truncated. */
  int maxTokens();

  /** An identifier of the model's weights and settings, carried in every output record. */
  String modelVersion();

  /**
   * An identifier of a tenant's adapter weights, carried in every output record of the tenant; it changes when the
   * tenant is retrained and stays when other tenants change. Null where the classifier does not know one.
   */
  default String adapterVersion(String tenant) {
    return null;
  }

  @Override
  void close();
}
