package dev.atelier.studio;

import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Follows one painting job, of either kind: its scale, curve and previews in the {@link Job}, its
 * snapshots in the {@link RunStore}, and the live events ({@code scale}, {@code eval}, {@code preview},
 * and {@code status} once a pause holds).
 */
class JobListener implements StyleTransferListener {
    final Job<?> job;
    private final RunStore store;
    private final LiveEvents events;

    JobListener(Job<?> job, RunStore store, LiveEvents events) {
        this.job = job;
        this.store = store;
        this.events = events;
        job.control.onHold(this::held);
    }

    /** The engine has begun to wait for a pause: only now is the run "paused". */
    private void held() {
        synchronized (job) {
            if (!job.control.isPaused() || job.status == JobStatus.PAUSED) {
                return;
            }
            job.status = JobStatus.PAUSED;
        }
        events.publish(job, "status");
    }

    @Override
    public void onScale(int index, int count, int width, int height, int evaluations) {
        job.scaleIndex = index;
        job.scaleCount = count;
        job.width = width;
        job.height = height;
        events.publish(job, "scale");
    }

    @Override
    public void onEvaluation(LossPoint p) {
        long resumed = job.resumedNanos;
        if (resumed != 0) {
            job.resumeLatencySeconds = (System.nanoTime() - resumed) / 1e9;
            job.resumedNanos = 0;
        }
        synchronized (job) {
            job.evaluations = p.evaluation();
            job.seconds = p.seconds();
            job.lastLoss = p.total()[0];
            job.curve.add(new double[] {p.evaluation(), p.total()[0], p.scale(), p.content()[0], p.style()[0]});
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("job", job.id);
        e.put("type", "eval");
        e.put("evaluation", p.evaluation());
        e.put("scale", p.scale());
        e.put("total", finite(p.total()[0]));
        e.put("content", finite(p.content()[0]));
        e.put("style", finite(p.style()[0]));
        e.put("tv", finite(p.totalVariation()[0]));
        e.put("seconds", p.seconds());
        events.publish("eval", e);
    }

    @Override
    public void onSnapshot(int evaluation, List<RgbImage> images) {
        showPreview(images.get(0));
    }

    @Override
    public void onScaleFinished(int index, List<RgbImage> images) {
        try {
            store.saveSnapshot(job, index, images.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a snapshot of run " + job.id + ": " + e.getMessage(), e);
        }
        job.snapshots = index + 1;
        showPreview(images.get(0));
    }

    /** {@code image} as PNG bytes. */
    static byte[] png(RgbImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image.toBufferedImage(), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private void showPreview(RgbImage image) {
        byte[] png = png(image);
        synchronized (job) {
            job.preview = png;
            job.previewVersion++;
            if (!Double.isFinite(job.firstPreviewSeconds)) {
                job.firstPreviewSeconds = (System.nanoTime() - job.startedNanos) / 1e9;
            }
        }
        events.publish(job, "preview");
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
