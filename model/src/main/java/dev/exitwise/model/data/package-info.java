/**
 * The labelled data sets exitwise trains, calibrates and evaluates on (GoEmotions as tenant {@code emotions},
 * MLMA English as tenant {@code hostility}), read from the classpath so that a runnable jar needs no files
 * beside it, and length-bucketed batching for training with dynamic padding. Pure Java: depends on no
 * tensor library and no Kafka.
 */
package dev.exitwise.model.data;
