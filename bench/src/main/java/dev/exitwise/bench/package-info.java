/**
 * The {@code exitwise bench} command of the bench jar: the end-to-end pipeline through a KRaft broker in the JVM,
 * and the report that gathers the model benchmarks ({@code dev.exitwise.bench.model}) into JSON rows, markdown
 * tables (numbers only; docs/benchmarks.md explains them) and PNG charts. Nothing in the service depends on it.
 */
package dev.exitwise.bench;
