/**
 * IAPT: per-layer soft-prompt generators (down-projection, four-query attention pooling, a learned rational
 * activation, up-projection) and the per-layer multi-label exit heads, with the tenant adapter that holds their
 * weights. Forward functions work on NDArrays and take either one tenant's weights or weights gathered per row,
 * so one code path serves training and mixed-tenant inference. Depends on the encoder only for its
 * configuration; knows nothing of exit policies or Kafka.
 */
package dev.exitwise.model.iapt;
