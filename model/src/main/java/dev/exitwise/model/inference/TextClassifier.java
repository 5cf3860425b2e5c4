package dev.exitwise.model.inference;

import java.util.List;
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
