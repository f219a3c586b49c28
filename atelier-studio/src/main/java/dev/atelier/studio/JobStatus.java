package dev.atelier.studio;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a run stands. Its {@link #label()} is what the JSON API, the live events, the history's
 * {@code status} column and the page say.
 */
public enum JobStatus {
    /** Waiting for a worker. */
    QUEUED,
    /** Painting. */
    RUNNING,
    /** Asked to pause: the evaluation in progress is still running. */
    PAUSING,
    /** Held by the engine between two evaluations. */
    PAUSED,
    /** Spent its evaluations (or converged). */
    DONE,
    /** Stopped by the artist, keeping its best image so far. */
    STOPPED,
    /** Ended by bad input, a bug or a non-finite loss. */
    FAILED,
    /** Stopped while still queued: it never painted. */
    CANCELLED,
    /** Queued or painting when the server stopped; only the history holds it. */
    INTERRUPTED;

    /** The status as the API, the events, the history and the page spell it. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a run with this status may still paint: queued, running, pausing or paused. */
    public boolean isLive() {
        return switch (this) {
            case QUEUED, RUNNING, PAUSING, PAUSED -> true;
            case DONE, STOPPED, FAILED, CANCELLED, INTERRUPTED -> false;
        };
    }

    /** The status a {@link #label()} names. */
    public static JobStatus of(String label) {
        for (JobStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no run status '" + label + "'");
    }
}
