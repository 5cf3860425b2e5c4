/**
 * Changing the served model while the service runs: a poller that follows the model directory's {@code current}
 * pointer, checks a new version beside the running one (same backbone, adapters load, a smoke classification) and
 * swaps it into the classifier pool, or refuses it and keeps serving. Depends on the model's publish protocol and the
 * inference contract, not on Kafka.
 */
package dev.exitwise.streams.reload;
