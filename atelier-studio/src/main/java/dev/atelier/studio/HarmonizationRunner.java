package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.StateDict;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationSidecar;
import dev.atelier.style.harmonize.HarmonizationResult;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.Harmonizer;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The studio's harmonizations, as {@code atelier harmonize} paints them: the object pasted into the
 * painting through its mask, checked before it is queued, then blended in with VGG19, held while paused,
 * and kept with the CLI's sidecar and before/after metrics.
 */
final class HarmonizationRunner extends JobRunner<JobKind.Harmonization> {
    private static final System.Logger LOG = System.getLogger(HarmonizationRunner.class.getName());

    HarmonizationRunner(RunStore store, ImageLibrary library, LiveEvents events, WeightsProvider weights) {
        super(store, library, events, weights);
    }

    /**
     * A harmonization from {@code controls}: its images read, the object placed (centred by default) and
     * its mask, size and scales checked.
     *
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    JobKind.Harmonization prepare(HarmonizeControls controls) throws IOException {
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
        return new JobKind.Harmonization(controls.withoutMaskData(), settings, painting, composite);
    }

    /**
     * Paints a harmonization; its result, thumbnail and sidecar go to its run folder, then its history row
     * gets its settings and the metrics {@code atelier harmonize} reports.
     */
    @Override
    void run(Job<JobKind.Harmonization> job) throws IOException, SQLException {
        JobKind.Harmonization h = job.kind();
        NetworkWeights w = weights.forNetwork(VggArchitecture.VGG19);
        StateDict stateDict = w.isRandom() ? VggWeightInit.torchvision(0).stateDict(VggArchitecture.VGG19) : w.stateDict();
        HarmonizationResult r;
        Map<String, Object> metrics;
        Map<String, Object> side;
        long t0 = System.nanoTime();
        try (VggFeatures vgg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG19).setStateDict(stateDict)
                .optPooling(PoolingMode.MAX).build()) {
            r = new Harmonizer(h.settings(), vgg, FeaturePrecision.auto()).run(h.painting(), h.composite(),
                    new HeldListener(job));
            // the same before/after measure and sidecar as atelier harmonize writes, with the studio's run id
            metrics = HarmonizationSidecar.metrics(vgg, r);
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("studio_run", job.id);
            inputs.put("controls", h.controls());
            side = HarmonizationSidecar.describe(inputs, h.settings(), FeaturePrecision.auto(), vgg,
                    new HarmonizationSidecar.Weights(w.name(), w.isRandom() ? "" : w.sha256()), r, metrics,
                    (System.nanoTime() - t0) / 1e9);
        }
        store.finish(job, r.stopped() ? JobStatus.STOPPED : JobStatus.DONE, r.image(),
                files -> HarmonizationSidecar.json(side), h.settings().describe(), null, metrics);
    }

    /**
     * Follows a harmonization as a style transfer is followed (curve, previews, snapshots, events); holds it
     * while paused, between evaluations, as the style engine does with its {@code RunControl}.
     */
    private final class HeldListener extends JobListener implements HarmonizationListener {
        HeldListener(Job<JobKind.Harmonization> job) {
            super(job, store, events);
        }

        /**
         * A pass ended: its image, blended into the painting at its scale as the previews are, becomes that
         * pass's latest, kept in the job and in the run folder, and the pages hear of it ({@code pass}).
         */
        @Override
        public void onPassBlended(int scale, int pass, RgbImage shown) {
            if (pass < 1 || pass > PassPreviews.PASSES) {
                return;
            }
            byte[] png = JobListener.png(shown);
            job.passPreviews.put(pass, scale, png, shown.width(), shown.height());
            try {
                store.savePass(job, pass, png);
            } catch (IOException | RuntimeException e) {
                // the live image is still served from memory; only the copy in the run folder is missing
                LOG.log(System.Logger.Level.WARNING, "cannot keep pass " + pass + " of run " + job.id + ": " + e.getMessage());
            }
            events.publish(job, "pass");
        }

        @Override
        public boolean stopRequested() {
            return job.control.awaitUnpaused();
        }
    }
}
