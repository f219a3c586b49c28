package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.StartImage;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferPreparation;
import dev.atelier.core.vgg.VggArchitecture;
import java.util.Optional;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import dev.atelier.style.optim.StopReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The studio's style transfers: their inputs read and checked from the page's {@link Controls} (when
 * submitted, and again when steered), their engine run, followed by a {@link JobListener}, and their
 * result kept with the same sidecar as {@code atelier stylize} writes.
 */
final class TransferRunner extends JobRunner<JobKind.Transfer> {
    TransferRunner(RunStore store, ImageLibrary library, LiveEvents events, WeightsProvider weights) {
        super(store, library, events, weights);
    }

    /**
     * A style transfer from {@code controls}, its images read and its settings, masks and memory checked.
     *
     * @param parent the run it branches from, or null
     * @param parentSnapshot the parent's snapshot to start from, or null
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    JobKind.Transfer prepare(Controls controls, String parent, Integer parentSnapshot) throws IOException {
        controls.requireRunnable();
        RgbImage content = library.read(controls.content());
        StyleTransferSettings.Builder builder = controls.builder();
        if (parent != null) {
            Path start = store.files(parent).snapshot(parentSnapshot);
            if (!Files.isRegularFile(start)) {
                throw new InvalidInputException("run " + parent + " has no snapshot " + parentSnapshot);
            }
            builder.optStart(new StartImage.FromFile(start));
        }
        Controls.requireStudioLimits(builder.build());
        List<StyleInput> styles = styles(controls);
        // the one preparation every front end makes: network, checks of the masks, memory and tiling, weights
        StyleTransferSettings settings = StyleTransferPreparation.prepare(builder, List.of(content), styles,
                weightsSource()).settings();
        return new JobKind.Transfer(parent, parentSnapshot, controls, settings, content, styles);
    }

    /**
     * {@code current} with {@code change} applied to the controls that may change while it paints; it
     * keeps its start image and weights.
     *
     * @throws InvalidInputException for a change no run could use
     */
    JobKind.Transfer steered(JobKind.Transfer current, Controls change) {
        Controls next = current.controls().steeredBy(change);
        StyleTransferSettings settings = next.builder().optNetwork(current.settings().network())
                .optRandomWeights(current.settings().randomWeights()).optStart(current.settings().start()).build();
        List<StyleInput> styles = current.styles();
        if (change.styles() != null) {
            styles = styles(next);
            int[] out = StyleTransferEngine.outputSize(current.content().width(), current.content().height(),
                    settings.size());
            StyleInput.blend(styles);
            StyleTransferPreparation.checkMasks(settings, styles, out[0], out[1]);
        }
        return current.steered(next, settings, styles);
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

    /** The styles of {@code controls}, read (the preparation checks their masks against the output). */
    private List<StyleInput> styles(Controls controls) {
        List<StyleInput> styles = new ArrayList<>();
        for (int i = 0; i < controls.styles().size(); i++) {
            Controls.StyleChoice c = controls.styles().get(i);
            SoftMask mask = c.mask() == null ? null : PaintedMask.decode(c.mask(), "the mask of style " + (i + 1));
            styles.add(new StyleInput(library.read(c.image()), c.weight() == null ? 1.0 : c.weight(), mask,
                    c.scale() == null ? 1.0 : c.scale()));
        }
        return styles;
    }

    @Override
    void run(Job<JobKind.Transfer> job) throws Exception {
        JobKind.Transfer start = job.kind();
        NetworkWeights w = weights.forNetwork(start.settings().network());
        StyleTransferResult r = new StyleTransferEngine(start.settings(), w).run(List.of(start.content()),
                start.styles(), new JobListener(job, store, events), job.control);
        // steering may have changed the settings and styles since it started: the run ended with these
        JobKind.Transfer end = job.kind();
        job.stopReason = r.reason().name().toLowerCase(java.util.Locale.ROOT);
        JudgeLosses judged = r.judged().get(0);
        Map<String, Object> judge = judged == null ? null : judged.describe();
        JobStatus status = switch (r.reason()) {
            case STOPPED -> JobStatus.STOPPED;
            case NON_FINITE_LOSS -> JobStatus.FAILED;
            default -> JobStatus.DONE;
        };
        if (r.reason() == StopReason.NON_FINITE_LOSS) {
            job.message = "the loss became NaN or infinite; kept the last good image";
        }
        store.finish(job, status, r.images().get(0), files -> RunSidecar.json(files.result(),
                sidecarInputs(job.id, end, files), end.settings(), w, r, 0, 1, judge), end.settings().describe(), judge, null);
    }

    /** The sidecar's {@code inputs}: the images by reference, each style's weight, mask file and scale. */
    private static Map<String, Object> sidecarInputs(String id, JobKind.Transfer t, RunFiles files) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("content", t.controls().content());
        List<Map<String, Object>> styles = new ArrayList<>();
        for (int i = 0; i < t.controls().styles().size(); i++) {
            Controls.StyleChoice c = t.controls().styles().get(i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", c.image());
            s.put("weight", t.styles().get(i).weight());
            if (c.mask() != null) {
                s.put("mask", files.mask(i).getFileName().toString());
            }
            s.put("scale", t.styles().get(i).scale());
            styles.add(s);
        }
        inputs.put("styles", styles);
        inputs.put("studio_run", id);
        return inputs;
    }
}
