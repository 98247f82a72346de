package io.github.pooltune.autoconfigure.autosize;

import java.time.Instant;

import io.github.pooltune.capacity.AutosizeDecision;

/**
 * One decision of the autopilot, as the endpoint shows it.
 *
 * @param at when it was taken
 * @param mode {@code on} or {@code advise}
 * @param applied whether the pool's maximum was changed
 * @param decision what was decided, and why
 * @author pooltune
 */
public record AutosizeRecord(Instant at, String mode, boolean applied, AutosizeDecision decision) {
}
