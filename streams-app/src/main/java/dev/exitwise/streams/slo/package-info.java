/**
 * Holding a latency target by trading depth for throughput: a controller that moves each tenant along its
 * calibrated serving front (full depth when the stream is quiet, faster points when it falls behind), within the
 * tenant's quality floor. Depends on the model's front and the classifier pool, not on Kafka: the service feeds it
 * latencies and the input lag.
 */
package dev.exitwise.streams.slo;
