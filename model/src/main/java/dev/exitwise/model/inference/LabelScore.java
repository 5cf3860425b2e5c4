package dev.exitwise.model.inference;

/** A label and its sigmoid score in [0, 1]. */
public record LabelScore(String label, float score) {}
