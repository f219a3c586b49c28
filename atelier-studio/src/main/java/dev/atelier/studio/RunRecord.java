package dev.atelier.studio;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run in the history: a style transfer, a harmonization or an instant picture (a style network's one pass).
 *
 * @param id the run's id (also its folder under {@code runs/})
 * @param kind what the run painted
 * @param parent the run it branched from, or null (always null for a harmonization)
 * @param parentSnapshot the parent's snapshot it started from, or null
 * @param created milliseconds since the epoch
 * @param finished when its final row was written (done, stopped, failed or cancelled), milliseconds since
 *     the epoch; null while it is queued or running, for an interrupted run and for rows written before
 *     the history kept it
 * @param status where it stands; {@link JobStatus#INTERRUPTED} when the server stopped while it was queued
 *     or ran
 * @param controls a style transfer's controls at its start (mask pixels left out; they are files), or null
 *     for a harmonization
 * @param harmonizeControls a harmonization's controls (mask pixels left out), or null for a style transfer
 * @param changes the changes applied while it ran, in order: the controls after each (empty for a harmonization)
 * @param settings the engine's resolved settings at the end, or null before it ran
 * @param judge the fixed judge's losses of a style transfer's result, or null
 * @param metrics a harmonization's metrics inside the loose mask, {@code {"naive_composite": ..., "result": ...}}
 *     as {@code atelier harmonize} writes them in its sidecar, or null
 * @param evaluations evaluations done
 * @param finalLoss the last total loss, or null
 * @param message why it failed, or null
 * @param snapshots how many snapshot images it kept (0 to snapshots-1)
 */
public record RunRecord(String id, Kind kind, String parent, Integer parentSnapshot, long created, Long finished,
        JobStatus status, Controls controls, HarmonizeControls harmonizeControls, List<Controls> changes,
        Map<String, Object> settings, Map<String, Object> judge, Map<String, Object> metrics, int evaluations,
        Double finalLoss, String message, int snapshots) {

    /** What a run painted; its {@link #label()} is the history's {@code kind} column and the API's field. */
    public enum Kind {
        TRANSFER, HARMONIZE,
        /** A style network's picture of the photo: one pass, no optimisation; a refinement branches from it. */
        INSTANT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a {@link #label()} names. */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no run kind '" + label + "'");
        }
    }
}
