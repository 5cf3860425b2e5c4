/**
 * The exitwise streaming service: {@link dev.exitwise.streams.ClassifierTopology}, the one function that builds the
 * topology for {@code run}, {@code demo} and every test, and {@link dev.exitwise.streams.ExitwiseService}, which runs
 * it. Sub-packages hold the capabilities (validation, batching, inference, dead letters, telemetry, metrics,
 * configuration). Nothing here knows how the model computes; it sees only the model's inference contract.
 */
package dev.exitwise.streams;
