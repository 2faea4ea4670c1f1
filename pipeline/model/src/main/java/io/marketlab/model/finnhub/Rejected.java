package io.marketlab.model.finnhub;

/**
 * One entry of a trade frame's {@code data} array that failed validation.
 *
 * @param index position in {@code data} (from 0)
 * @param reason which field and why, e.g. {@code "p: not a finite number (NaN)"}
 */
public record Rejected(int index, String reason) {}
