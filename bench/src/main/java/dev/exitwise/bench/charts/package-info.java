/**
 * PNG charts with XChart: the {@link dev.exitwise.model.eval.ChartRenderer} that {@code evaluate --plots},
 * {@code calibrate --plots} and the benchmarks draw through when the bench jar runs them. The only package that
 * depends on XChart.
 */
package dev.exitwise.bench.charts;
