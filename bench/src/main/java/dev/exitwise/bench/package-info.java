/**
 * The {@code exitwise bench} measurements that need the service: the end-to-end pipeline through a KRaft broker in
 * the JVM, and the report that gathers the model's benchmarks ({@code dev.exitwise.bench.model}) into
 * {@code docs/benchmarks.md}, {@code docs/performance.md} and PNG charts. The service's packages must not depend
 * on this one.
 */
package dev.exitwise.bench;
