package dev.atelier.studio;

import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One run the studio holds in memory while it is queued or painting: its inputs, its {@link RunControl},
 * the latest preview and its loss curve. The history row is its lasting record. A harmonization is a job
 * too (same queue, controls, previews, events and history) with its own inputs in {@link #harmonize}.
 */
final class Job {
    final String id;
    final String parent;
    final Integer parentSnapshot;
    final long created;
    /** The controls it was submitted with, without mask pixels (changes are kept apart); null for a harmonization. */
    final Controls initialControls;
    /** A harmonization's controls (without mask pixels), or null for a style transfer. */
    final HarmonizeControls harmonize;
    final HarmonizationSettings harmonizeSettings;
    /** A harmonization's painting and composite. */
    final RgbImage painting;
    final Composite composite;
    final int maxEvals;
    final RunControl control = new RunControl();
    final List<Controls> changes = new ArrayList<>();
    /** Evaluation, total loss, scale, content and style loss of every evaluation so far, for pages that join late. */
    final List<double[]> curve = new ArrayList<>();

    Controls controls;
    StyleTransferSettings settings;
    RgbImage content;
    List<StyleInput> styles;
    Future<?> future;

    volatile String status = "queued";
    volatile String message;
    volatile byte[] preview;
    volatile int previewVersion;
    volatile int evaluations;
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

    Job(String id, String parent, Integer parentSnapshot, Controls controls, StyleTransferSettings settings,
            RgbImage content, List<StyleInput> styles) {
        this.id = id;
        this.parent = parent;
        this.parentSnapshot = parentSnapshot;
        this.created = System.currentTimeMillis();
        this.controls = controls;
        this.initialControls = controls.withoutMaskData();
        this.harmonize = null;
        this.harmonizeSettings = null;
        this.painting = null;
        this.composite = null;
        this.maxEvals = settings.maxEvaluations();
        this.settings = settings;
        this.content = content;
        this.styles = styles;
    }

    /** A harmonization: recorded in the history as one, never steered or branched. */
    Job(String id, HarmonizeControls harmonize, HarmonizationSettings harmonizeSettings, RgbImage painting,
            Composite composite) {
        this.id = id;
        this.parent = null;
        this.parentSnapshot = null;
        this.created = System.currentTimeMillis();
        this.initialControls = null;
        this.harmonize = harmonize.withoutMaskData();
        this.harmonizeSettings = harmonizeSettings;
        this.maxEvals = harmonizeSettings.maxEvaluations();
        this.painting = painting;
        this.composite = composite;
    }

    boolean isHarmonization() {
        return harmonize != null;
    }

    boolean finished() {
        return switch (status) {
            case "queued", "running", "pausing", "paused" -> false;
            default -> true;
        };
    }

    /** The job as the page sees it. */
    synchronized Map<String, Object> describe(boolean withCurve) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status);
        m.put("parent", parent);
        m.put("kind", isHarmonization() ? "harmonize" : "stylize");
        m.put("controls", isHarmonization() ? harmonize : controls.withoutMaskData());
        m.put("changes", changes.size());
        m.put("evaluations", evaluations);
        m.put("maxEvals", maxEvals);
        m.put("loss", Double.isFinite(lastLoss) ? lastLoss : null);
        m.put("scale", Map.of("index", scaleIndex, "count", scaleCount, "width", width, "height", height));
        m.put("previewVersion", previewVersion);
        m.put("snapshots", snapshots);
        m.put("firstPreviewSeconds", Double.isFinite(firstPreviewSeconds) ? firstPreviewSeconds : null);
        m.put("resumeLatencySeconds", Double.isFinite(resumeLatencySeconds) ? resumeLatencySeconds : null);
        m.put("message", message);
        if (withCurve) {
            m.put("curve", List.copyOf(curve));
        }
        return m;
    }
}
