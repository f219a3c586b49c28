package dev.atelier.studio;

import java.util.List;
import java.util.Map;

/**
 * One run in the history.
 *
 * @param id the run's id (also its folder under {@code runs/})
 * @param parent the run it branched from, or null
 * @param parentSnapshot the parent's snapshot it started from, or null
 * @param created milliseconds since the epoch
 * @param status queued, running, pausing, paused, done, stopped, failed, cancelled or interrupted (the server
 *     stopped while it ran)
 * @param controls the controls it started with (mask pixels left out; they are files)
 * @param changes the changes applied while it ran, in order: the controls after each
 * @param settings the engine's resolved settings at the end, or null before it ran
 * @param judge the fixed judge's losses of the result, or null
 * @param evaluations evaluations done
 * @param finalLoss the last total loss, or null
 * @param message why it failed, or null
 * @param snapshots how many snapshot images it kept (0 to snapshots-1)
 */
public record RunRecord(String id, String parent, Integer parentSnapshot, long created, String status,
        Controls controls, List<Controls> changes, Map<String, Object> settings, Map<String, Object> judge,
        int evaluations, Double finalLoss, String message, int snapshots) {}
