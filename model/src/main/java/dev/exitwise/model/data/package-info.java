/**
 * The labelled data exitwise trains, calibrates and evaluates on: a user's own JSONL, CSV and TSV files (read and
 * checked by {@link dev.exitwise.model.data.LabelledFiles} and {@link dev.exitwise.model.data.TenantData}), the
 * packaged data sets (GoEmotions as tenant {@code emotions}, Davidson et al. 2017 as tenant {@code moderation}),
 * and length-bucketed batching for training with dynamic padding. Pure Java: depends on no tensor library and no
 * Kafka.
 */
package dev.exitwise.model.data;
