package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.StateDict;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.StartImage;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferPreparation;
import dev.atelier.style.harmonize.HarmonizationSidecar;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationResult;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.Harmonizer;
import dev.atelier.style.harmonize.PassSummary;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * The studio's runs: a queue served by a fixed number of workers, each run steerable while it paints
 * (pause, resume, stop, change) and recorded in the {@link History} with its images. Harmonizations share
 * the queue and the history; only style transfers can be steered or branched.
 *
 * <p>Inputs are read and checked when a run is submitted, so bad input is answered at once with one line;
 * whatever still goes wrong inside a run (a bug, memory) fails that run only, never the server.
 */
public final class JobQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobQueue.class.getName());
    /** The thumbnail's long side in the history list. */
    static final int THUMBNAIL = 160;

    private final Path dataDir;
    private final History history;
    private final ImageLibrary library;
    private final LiveEvents events;
    private final WeightsProvider weights;
    private final RunnerHook hook;
    private final ExecutorService workers;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** Called by a worker just before a run starts painting; tests use it to stand for a crashing run. */
    @FunctionalInterface
    interface RunnerHook {
        void beforeRun(Job job);
    }

    JobQueue(Path dataDir, int workers, History history, ImageLibrary library, LiveEvents events,
            WeightsProvider weights, RunnerHook hook) {
        this.dataDir = dataDir;
        this.history = history;
        this.library = library;
        this.events = events;
        this.weights = weights;
        this.hook = hook;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "studio-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a run.
     *
     * @param parent the run it branches from, or null
     * @param parentSnapshot the parent's snapshot to start from, or null
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    public Job submit(Controls controls, String parent, Integer parentSnapshot) throws SQLException, IOException {
        controls.requireRunnable();
        RgbImage content = library.read(controls.content());
        StyleTransferSettings.Builder builder = controls.builder();
        if (parent != null) {
            Path start = RunFiles.of(dataDir, parent).snapshot(parentSnapshot);
            if (!Files.isRegularFile(start)) {
                throw new InvalidInputException("run " + parent + " has no snapshot " + parentSnapshot);
            }
            builder.optStart(new StartImage.FromFile(start));
        }
        Controls.requireStudioLimits(builder.build());
        List<StyleInput> styles = styles(controls);
        StyleTransferSettings settings = StyleTransferPreparation.prepare(builder, List.of(content), styles,
                weightsSource()).settings();
        String id = UUID.randomUUID().toString().replace("-", "");
        Job job = new Job(id, parent, parentSnapshot, controls, settings, content, styles);
        saveMasks(job);
        history.insert(record(job, null, null, null));
        jobs.put(id, job);
        job.future = workers.submit(() -> work(job));
        publish(job, "queued", Map.of());
        return job;
    }

    /**
     * Queues a harmonization: the object pasted into the painting through its mask, as {@code atelier
     * harmonize} does, everything checked before it is queued.
     *
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    public Job submitHarmonization(HarmonizeControls controls) throws IOException, SQLException {
        controls.requireRunnable();
        HarmonizationSettings settings = controls.settings();
        RgbImage painting = library.read(controls.painting());
        RgbImage object = library.read(controls.object());
        SoftMask mask = controls.mask() == null ? SoftMask.full(object.width(), object.height())
                : PaintedMask.decode(controls.mask(), "the object's mask");
        if (mask.width() != object.width() || mask.height() != object.height()) {
            // the page paints at the object's size; a mask of the same shape at another size is resampled
            mask.requireAspectOf(object.width(), object.height(), "the object's mask");
            mask = new SoftMask(object.width(), object.height(), mask.resized(object.width(), object.height()));
        }
        double scale = controls.scale() == null ? 1 : controls.scale();
        int x = controls.x() != null ? controls.x() : (int) ((painting.width() - Math.round(object.width() * scale)) / 2);
        int y = controls.y() != null ? controls.y() : (int) ((painting.height() - Math.round(object.height() * scale)) / 2);
        Composite composite = Composite.place(painting, object, mask, x, y, scale);
        int[] wh = Harmonizer.workingSize(painting.width(), painting.height(), settings.size());
        if (Math.min(wh[0], wh[1]) < 32) {
            throw new InvalidInputException("the painting is " + wh[0] + "x" + wh[1]
                    + " at the working size; harmonization needs at least 32 pixels a side");
        }
        // the studio paints with VGG19: a mask too small for it is refused now, not when the run starts
        Harmonizer.ladder(settings, VggArchitecture.VGG19, composite.resized(wh[0], wh[1]), wh[0], wh[1]);
        String id = UUID.randomUUID().toString().replace("-", "");
        Job job = new Job(id, controls, settings, painting, composite);
        history.insert(record(job, null, null, null));
        jobs.put(id, job);
        job.future = workers.submit(() -> work(job));
        publish(job, "queued", Map.of());
        return job;
    }

    /** The studio's weights: the store's entry for the network a run settles on, else random ones. */
    private StyleTransferPreparation.WeightsSource weightsSource() {
        return new StyleTransferPreparation.WeightsSource() {
            @Override
            public Optional<VggArchitecture> architecture() {
                return Optional.empty();
            }

            @Override
            public NetworkWeights load(VggArchitecture network) {
                return weights.forNetwork(network);
            }
        };
    }

    /** The styles of {@code controls}, read (their masks are checked against the output by the preparation). */
    private List<StyleInput> styles(Controls controls) {
        List<StyleInput> styles = new ArrayList<>();
        for (int i = 0; i < controls.styles().size(); i++) {
            Controls.StyleChoice c = controls.styles().get(i);
            String what = "the mask of style " + (i + 1);
            SoftMask mask = c.mask() == null ? null : PaintedMask.decode(c.mask(), what);
            styles.add(new StyleInput(library.read(c.image()), c.weight() == null ? 1.0 : c.weight(), mask,
                    c.scale() == null ? 1.0 : c.scale()));
        }
        return styles;
    }

    private void saveMasks(Job job) throws IOException {
        RunFiles files = RunFiles.of(dataDir, job.id);
        for (int i = 0; i < job.styles.size(); i++) {
            SoftMask m = job.styles.get(i).mask();
            if (m != null) {
                float[] v = m.values();
                float[] rgb = new float[3 * v.length];
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(v, 0, rgb, c * v.length, v.length);
                }
                new RgbImage(m.width(), m.height(), rgb).write(files.mask(i));
            }
        }
    }

    /** The controls of a finished run with its painted masks restored from their files (for a branch). */
    Controls withStoredMasks(RunRecord r) throws IOException {
        Controls c = r.controls();
        if (c.styles() == null) {
            return c;
        }
        List<Controls.StyleChoice> styles = new ArrayList<>();
        RunFiles files = RunFiles.of(dataDir, r.id());
        for (int i = 0; i < c.styles().size(); i++) {
            Controls.StyleChoice s = c.styles().get(i);
            String mask = null;
            if (s.mask() != null && Files.isRegularFile(files.mask(i))) {
                mask = Base64.getEncoder().encodeToString(Files.readAllBytes(files.mask(i)));
            }
            styles.add(new Controls.StyleChoice(s.image(), s.weight(), mask, s.scale()));
        }
        return c.withStyles(styles);
    }

    /** A harmonization still queued or painting (a finished one is in the history). */
    public Optional<Job> harmonization(String id) {
        return Optional.ofNullable(jobs.get(id)).filter(Job::isHarmonization);
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Runs queued or painting, oldest first. */
    public List<Job> active() {
        List<Job> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (!j.finished()) {
                out.add(j);
            }
        }
        out.sort((a, b) -> Long.compare(a.created, b.created));
        return out;
    }

    private Job live(String id) {
        Job j = jobs.get(id);
        if (j == null || j.finished()) {
            throw new NotFound("no queued or running job " + id);
        }
        return j;
    }

    /** Thrown for an id that names nothing: the server answers 404. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    public void pause(String id) {
        Job j = live(id);
        j.control.pause();
        synchronized (j) {
            // "pausing" until the evaluation in progress ends: the engine holds right after it
            if (j.status.equals("running")) {
                j.status = "pausing";
            }
        }
        publish(j, "status", Map.of());
    }

    public void resume(String id) {
        Job j = live(id);
        synchronized (j) {
            j.resumedNanos = System.nanoTime();
            if (j.status.equals("paused") || j.status.equals("pausing")) {
                j.status = "running";
            }
        }
        j.control.resume();
        publish(j, "status", Map.of());
    }

    /** Cancels a queued run, or stops a painting one keeping its best image so far. */
    public void stop(String id) throws SQLException {
        Job j = live(id);
        boolean cancelled;
        synchronized (j) {
            cancelled = j.status.equals("queued") && j.future.cancel(false);
            if (cancelled) {
                j.status = "cancelled";
            }
        }
        if (cancelled) {
            history.update(record(j, null, null, null));
            publish(j, "finished", Map.of());
        } else {
            j.control.stop();
        }
    }

    /**
     * Steers a run: the controls that may change while it paints are applied from its next evaluation,
     * continuing from its current image; a queued run simply starts with them.
     */
    public void change(String id, Controls change) {
        Job j = live(id);
        if (j.isHarmonization()) {
            throw new InvalidInputException("a harmonization cannot be steered while it runs: stop it and start again");
        }
        synchronized (j) {
            Controls next = j.controls.steeredBy(change);
            StyleTransferSettings settings = next.builder().optNetwork(j.settings.network())
                    .optRandomWeights(j.settings.randomWeights()).optStart(j.settings.start()).build();
            int[] out = StyleTransferEngine.outputSize(j.content.width(), j.content.height(), settings.size());
            List<StyleInput> styles = change.styles() == null ? j.styles : styles(next);
            if (change.styles() != null) {
                StyleInput.blend(styles);
                StyleTransferPreparation.checkMasks(settings, styles, out[0], out[1]);
            }
            j.controls = next;
            j.settings = settings;
            j.styles = styles;
            j.changes.add(next.withoutMaskData());
            if (!j.status.equals("queued")) {
                j.control.change(new RunControl.Change(settings, change.styles() == null ? null : styles));
            }
        }
        publish(j, "changed", Map.of());
    }

    private void work(Job job) {
        synchronized (job) {
            if (!job.status.equals("queued")) {
                return;
            }
            job.status = "running";
        }
        job.startedNanos = System.nanoTime();
        publish(job, "status", Map.of());
        try {
            history.update(record(job, null, null, null));
            hook.beforeRun(job);
            if (job.isHarmonization()) {
                harmonize(job);
                return;
            }
            NetworkWeights w = weights.forNetwork(job.settings.network());
            StyleTransferEngine engine = new StyleTransferEngine(job.settings, w);
            StyleTransferResult r = engine.run(List.of(job.content), job.styles, new Listener(job), job.control);
            finish(job, r, w);
        } catch (Throwable t) {
            // one run's failure, even an Error, ends that run only: the server and the other runs go on
            job.message = t instanceof InvalidInputException ? t.getMessage()
                    : "internal error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (!(t instanceof InvalidInputException)) {
                LOG.log(System.Logger.Level.ERROR, "run " + job.id + " failed", t);
            }
            job.status = "failed";
            try {
                history.update(record(job, null, null, null));
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot record the failure of run " + job.id, e);
            }
            publish(job, "finished", Map.of());
        } finally {
            jobs.remove(job.id);
        }
    }

    private void finish(Job job, StyleTransferResult r, NetworkWeights w) throws IOException, SQLException {
        RunFiles files = RunFiles.of(dataDir, job.id);
        RgbImage image = r.images().get(0);
        image.write(files.result());
        int[] t = StyleTransferEngine.outputSize(image.width(), image.height(), THUMBNAIL);
        image.resized(t[0], t[1]).write(files.thumbnail());
        JudgeLosses judged = r.judged().get(0);
        Map<String, Object> judge = judged == null ? null : judged.describe();
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("content", job.controls.content());
        List<Map<String, Object>> styles = new ArrayList<>();
        for (int i = 0; i < job.controls.styles().size(); i++) {
            Controls.StyleChoice c = job.controls.styles().get(i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", c.image());
            s.put("weight", job.styles.get(i).weight());
            if (c.mask() != null) {
                s.put("mask", files.mask(i).getFileName().toString());
            }
            s.put("scale", job.styles.get(i).scale());
            styles.add(s);
        }
        inputs.put("styles", styles);
        inputs.put("studio_run", job.id);
        RunSidecar.write(files.result(), inputs, job.settings, w, r, 0, 1, judge);
        job.status = switch (r.reason()) {
            case STOPPED -> "stopped";
            case NON_FINITE_LOSS -> "failed";
            default -> "done";
        };
        if (r.reason() == dev.atelier.style.optim.StopReason.NON_FINITE_LOSS) {
            job.message = "the loss became NaN or infinite; kept the last good image";
        }
        // the row is written last: it never names a file that is not complete
        history.update(record(job, job.settings.describe(), judge, null));
        publish(job, "finished", Map.of());
    }

    /**
     * Paints a harmonization; its result, thumbnail and sidecar go to its run folder, then its history row
     * gets its settings and the metrics {@code atelier harmonize} reports.
     */
    private void harmonize(Job job) throws IOException, SQLException {
        NetworkWeights w = weights.forNetwork(VggArchitecture.VGG19);
        StateDict stateDict = w.isRandom() ? VggWeightInit.torchvision(0).stateDict(VggArchitecture.VGG19) : w.stateDict();
        HarmonizationResult r;
        Map<String, Object> metrics;
        try (VggFeatures vgg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG19).setStateDict(stateDict)
                .optPooling(PoolingMode.MAX).build()) {
            long t0 = System.nanoTime();
            r = new Harmonizer(job.harmonizeSettings, vgg, FeaturePrecision.auto()).run(job.painting, job.composite, new HarmonizeListener(job));
            metrics = HarmonizationSidecar.metrics(vgg, r);
            RunFiles files = RunFiles.of(dataDir, job.id);
            r.image().write(files.result());
            int[] t = StyleTransferEngine.outputSize(r.image().width(), r.image().height(), THUMBNAIL);
            r.image().resized(t[0], t[1]).write(files.thumbnail());
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("studio_run", job.id);
            inputs.put("controls", job.harmonize);
            HarmonizationSidecar.write(files.result(), HarmonizationSidecar.describe(inputs, job.harmonizeSettings,
                    FeaturePrecision.auto(), vgg, new HarmonizationSidecar.Weights(w.name(), w.isRandom() ? "" : w.sha256()), r, metrics,
                    (System.nanoTime() - t0) / 1e9));
        }
        job.status = r.stopped() ? "stopped" : "done";
        // the row is written last: it never names a file that is not complete
        history.update(record(job, job.harmonizeSettings.describe(), null, metrics));
        publish(job, "finished", Map.of());
    }

    /**
     * Follows a harmonization with the style transfer's listener (curve, previews, snapshots, events);
     * holds it while paused, between evaluations, as the engine does with its {@link RunControl}.
     */
    private final class HarmonizeListener extends Listener implements HarmonizationListener {
        HarmonizeListener(Job job) {
            super(job);
        }

        @Override
        public boolean stopRequested() {
            return job.control.awaitUnpaused();
        }
    }

    /**
     * The job's history row as it stands; a finished job's row is written once, when it ends, so its end
     * time is now.
     */
    private RunRecord record(Job j, Map<String, Object> settings, Map<String, Object> judge, Map<String, Object> metrics) {
        synchronized (j) {
            return new RunRecord(j.id, j.isHarmonization() ? RunRecord.Kind.HARMONIZE : RunRecord.Kind.TRANSFER,
                    j.parent, j.parentSnapshot, j.created, j.finished() ? System.currentTimeMillis() : null, j.status,
                    j.initialControls, j.harmonize, List.copyOf(j.changes), settings, judge, metrics, j.evaluations,
                    Double.isFinite(j.lastLoss) ? j.lastLoss : null, j.message, j.snapshots);
        }
    }

    private void publish(Job j, String type, Map<String, Object> extra) {
        Map<String, Object> e = new LinkedHashMap<>(j.describe(false));
        e.put("job", j.id);
        e.put("type", type);
        e.putAll(extra);
        events.publish(type, e);
    }

    /** Follows one run: curve, previews, snapshots, and the live events. */
    private class Listener implements StyleTransferListener {
        final Job job;

        Listener(Job job) {
            this.job = job;
        }

        @Override
        public void onScale(int index, int count, int width, int height, int evaluations) {
            job.scaleIndex = index;
            job.scaleCount = count;
            job.width = width;
            job.height = height;
            publish(job, "scale", Map.of());
        }

        @Override
        public void onEvaluation(LossPoint p) {
            long resumed = job.resumedNanos;
            if (resumed != 0) {
                job.resumeLatencySeconds = (System.nanoTime() - resumed) / 1e9;
                job.resumedNanos = 0;
            }
            boolean held;
            synchronized (job) {
                job.evaluations = p.evaluation();
                job.lastLoss = p.total()[0];
                job.curve.add(new double[] {p.evaluation(), p.total()[0], p.scale(), p.content()[0], p.style()[0]});
                // the engine asks the RunControl right after this evaluation and waits there while paused
                held = job.control.isPaused() && !job.status.equals("paused");
                if (held) {
                    job.status = "paused";
                }
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
            if (held) {
                publish(job, "status", Map.of());
            }
        }

        @Override
        public void onSnapshot(int evaluation, List<RgbImage> images) {
            showPreview(images.get(0));
        }

        @Override
        public void onScaleFinished(int index, List<RgbImage> images) {
            try {
                images.get(0).write(RunFiles.of(dataDir, job.id).snapshot(index));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a snapshot of run " + job.id + ": " + e.getMessage(), e);
            }
            job.snapshots = index + 1;
            showPreview(images.get(0));
        }

        private void showPreview(RgbImage image) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image.toBufferedImage(), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            synchronized (job) {
                job.preview = png.toByteArray();
                job.previewVersion++;
                if (!Double.isFinite(job.firstPreviewSeconds)) {
                    job.firstPreviewSeconds = (System.nanoTime() - job.startedNanos) / 1e9;
                }
            }
            publish(job, "preview", Map.of());
        }

        private Object finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Job j : jobs.values()) {
            j.control.stop();
        }
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
