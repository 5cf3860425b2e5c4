package dev.exitwise.streams.validation;

import dev.exitwise.streams.deadletter.DeadLetterReason;

/**
 * Why an event may not be classified.
 *
 * @param reason the kind of failure
 * @param message the precise reason, naming the offending value
 * @param tenant the event's tenant when the model serves it, otherwise {@code null}
 */
public record Rejection(DeadLetterReason reason, String message, String tenant) {}
