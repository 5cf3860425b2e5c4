/**
 * Evaluation of multi-label classifiers with early exit: quality metrics (micro/macro-F1 and friends), per-label
 * decision thresholds, speed-up conventions, Pareto fronts of operating points, and the tables and PNG charts
 * that the evaluate, calibrate and bench commands print. Pure Java on plain arrays and records: it must not
 * depend on DJL, Kafka or the data loaders; XChart is its only library.
 */
package dev.exitwise.model.eval;
