package dev.atelier.studio;

import dev.atelier.style.engine.RunControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run the studio holds in memory while it is queued or painting: what it paints ({@link JobKind}),
 * its {@link RunControl}, the latest preview and its loss curve. The history row is its lasting record.
 *
 * @param <K> what it paints
 */
final class Job<K extends JobKind> {
    /**
     * Numbers every description in the order it was taken. The page hears of a job both from the live channel
     * and from the answers to its own requests, which can arrive in either order; it keeps the newest by this.
     */
    private static final AtomicLong REVISIONS = new AtomicLong();

    final String id;
    final long created;
    final RunControl control = new RunControl();
    /** Evaluation, total loss, scale, content and style loss of every evaluation so far, for pages that join late. */
    final List<double[]> curve = new ArrayList<>();
    /** A harmonization's latest image of each pass (empty for a style transfer). */
    final PassPreviews passPreviews = new PassPreviews();

    private K kind;
    Future<?> future;

    volatile JobStatus status = JobStatus.QUEUED;
    volatile String message;
    volatile byte[] preview;
    volatile int previewVersion;
    volatile int evaluations;
    /** Seconds into the optimisation at the latest evaluation (what a time budget is spent against). */
    volatile double seconds;
    /** Why the engine ended the run (the sidecar's {@code stop_reason}), once it has; null before. */
    volatile String stopReason;
    volatile double lastLoss = Double.NaN;
    volatile int scaleIndex = -1;
    volatile int scaleCount;
    volatile int width;
    volatile int height;
    volatile int snapshots;
    volatile long startedNanos;
    volatile double firstPreviewSeconds = Double.NaN;
    volatile long resumedNanos;
    volatile double resumeLatencySeconds = Double.NaN;

    Job(String id, K kind) {
        this.id = id;
        this.created = System.currentTimeMillis();
        this.kind = kind;
    }

    /** What it paints, as it stands (a style transfer's inputs change when it is steered). */
    synchronized K kind() {
        return kind;
    }

    /** Continues with {@code next} inputs of the same kind: a style transfer steered while it runs. */
    synchronized void steer(K next) {
        kind = next;
    }

    boolean finished() {
        return !status.isLive();
    }

    /** The job as the page sees it. */
    synchronized Map<String, Object> describe(boolean withCurve) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("revision", REVISIONS.incrementAndGet());
        m.put("status", status);
        m.put("parent", kind.parent());
        m.put("kind", kind.label());
        m.put("controls", kind.shownControls());
        m.put("changes", kind.changes().size());
        m.put("evaluations", evaluations);
        // a run only its time budget ends has no evaluation budget to show
        boolean timed = kind instanceof JobKind.Transfer t && t.settings().time().isSet();
        m.put("maxEvals", kind instanceof JobKind.Transfer t && Controls.timeDecides(t.settings()) ? null
                : kind.maxEvaluations());
        m.put("timeBudget", timed ? ((JobKind.Transfer) kind).settings().time().seconds() : null);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("stopReason", stopReason);
        m.put("loss", Double.isFinite(lastLoss) ? lastLoss : null);
        m.put("scale", Map.of("index", scaleIndex, "count", scaleCount, "width", width, "height", height));
        m.put("previewVersion", previewVersion);
        m.put("snapshots", snapshots);
        m.put("firstPreviewSeconds", Double.isFinite(firstPreviewSeconds) ? firstPreviewSeconds : null);
        m.put("resumeLatencySeconds", Double.isFinite(resumeLatencySeconds) ? resumeLatencySeconds : null);
        m.put("message", message);
        if (kind instanceof JobKind.Harmonization h) {
            // the settings it runs with, the quality's size, evaluations and scales resolved
            m.put("settings", h.settings().describe());
            m.put("passPreviews", passPreviews.describe());
        }
        if (withCurve) {
            m.put("curve", List.copyOf(curve));
        }
        return m;
    }
}
