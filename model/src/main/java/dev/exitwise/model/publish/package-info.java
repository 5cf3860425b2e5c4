/**
 * How a model directory is published so that a running service can pick up a new version safely: immutable version
 * directories and a pointer file replaced by an atomic rename. Writers stage and validate a whole version before the
 * pointer moves; readers follow the pointer. Knows nothing of Kafka.
 */
package dev.exitwise.model.publish;
