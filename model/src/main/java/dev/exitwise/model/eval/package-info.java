/**
 * Evaluation of multi-label classifiers with early exit: quality metrics (micro/macro-F1 and friends), per-label
 * decision thresholds, speed-up conventions, Pareto fronts of operating points, and the tables the evaluate,
 * calibrate and bench commands print. Pure Java on plain arrays and records: it must not depend on DJL, Kafka or
 * the data loaders, nor on a plotting library ({@link dev.exitwise.model.eval.Plots} hands charts to a renderer
 * that the bench jar brings).
 */
package dev.exitwise.model.eval;
