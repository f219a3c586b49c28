package dev.atelier.style.harmonize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.RunSidecar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A harmonization's JSON sidecar, written beside its picture by the command line and the studio alike:
 * the inputs as the front end names them, the settings, the weights, each pass's summary and the
 * before/after metrics (measured here, in float32, with the run's network).
 */
public final class HarmonizationSidecar {
    /** What the metrics measure. */
    public static final String METRICS_WHAT = "inside the loose mask, against the whole painting: Gram and histogram "
            + "distances per layer (relative), and the relu4_1 content distance from the naive composite";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HarmonizationSidecar() {}

    /**
     * The weights a run used, as the sidecar records them.
     *
     * @param name the store name or file, or {@code random(seed=S)}
     * @param sha256 the weight file's hex SHA-256, empty for random weights
     */
    public record Weights(String name, String sha256) {
        boolean random() {
            return sha256.isEmpty();
        }
    }

    /**
     * The naive composite's and the result's metrics (three forward passes, small beside the run), and under
     * {@code criteria} the four criteria of {@link HarmonizationCriteria} with their bounds and whether each is met.
     */
    public static Map<String, Object> metrics(VggFeatures vgg, HarmonizationResult r) {
        return measure(vgg, r).metrics();
    }

    /**
     * The metrics as {@link #metrics} gives them, with the criteria they hold as an object as well.
     *
     * @param metrics for the sidecar
     * @param criteria the same criteria as {@code metrics.criteria}
     */
    public record Measured(Map<String, Object> metrics, HarmonizationCriteria criteria) {}

    /** {@link #metrics}, measured once, for a front end that also shows the criteria. */
    public static Measured measure(VggFeatures vgg, HarmonizationResult r) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("what", METRICS_WHAT);
        List<Map<String, Object>> both = HarmonizationMetrics.measureEach(vgg, r.painting(), r.composite(),
                List.of(r.composite(), r.image()), r.masks().loose());
        Map<String, Object> naive = both.get(0);
        Map<String, Object> result = both.get(1);
        metrics.put("naive_composite", naive);
        metrics.put("result", result);
        HarmonizationCriteria criteria = HarmonizationCriteria.measure(r.painting(), r.composite(), r.image(),
                r.masks(), naive, result);
        metrics.put("criteria", criteria.describe());
        return new Measured(metrics, criteria);
    }

    /**
     * The sidecar's content.
     *
     * @param inputs the front end's names of the inputs (painting, object, mask, placement), first in the file
     * @param vgg the network the run used (its architecture and pooling are recorded)
     * @param metrics from {@link #metrics}
     * @param seconds the run's wall time
     */
    public static Map<String, Object> describe(Map<String, Object> inputs, HarmonizationSettings settings,
            FeaturePrecision precision, VggFeatures vgg, Weights weights, HarmonizationResult r,
            Map<String, Object> metrics, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>(inputs);
        Map<String, Object> described = new LinkedHashMap<>(settings.describe());
        described.put("precision", precision.id());
        m.put("settings", described);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("network", vgg.architecture().id());
        w.put("pooling", vgg.pooling().toString().toLowerCase(Locale.ROOT));
        w.put("name", weights.name());
        w.put("sha256", weights.random() ? "random" : weights.sha256());
        w.put("random", weights.random());
        m.put("weights", w);
        m.put("width", r.image().width());
        m.put("height", r.image().height());
        m.put("painting_noise", r.noise());
        m.put("tv_weight", r.tvWeight());
        m.put("scales", Map.of("long_sides", r.ladder().longSides(), "evaluations", r.ladder().evaluations()));
        List<Map<String, Object>> passes = new ArrayList<>();
        for (PassSummary p : r.passes()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("scale", p.scale());
            pm.put("width", p.width());
            pm.put("height", p.height());
            pm.put("pass", p.pass());
            pm.put("evaluations", p.evaluations());
            pm.put("first_loss", p.firstLoss());
            pm.put("best_loss", p.bestLoss());
            pm.put("stop_reason", p.reason().name().toLowerCase(Locale.ROOT));
            pm.put("seconds", p.seconds());
            pm.put("term_weights", p.termWeights());
            pm.put("restarts", p.restarts());
            if (p.guard() != null) {
                pm.put("guard", p.guard());
            }
            passes.add(pm);
        }
        m.put("passes", passes);
        m.put("stopped", r.stopped());
        m.put("patchmatch_post_process_seconds", r.patchMatchSeconds());
        // the sizes the harmonizer used: a function of the working size alone
        PostProcessSizes post = PostProcessSizes.at(Math.max(r.image().width(), r.image().height()));
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("chroma_radius", post.chromaRadius());
        sizes.put("patch_width", post.patchWidth());
        sizes.put("authors_at_px", PostProcessSizes.AUTHORS_LONG_SIDE);
        m.put("post_process_sizes", sizes);
        m.put("metrics", metrics);
        m.put("seconds", seconds);
        return m;
    }

    /**
     * Writes {@code sidecar} beside {@code image}, atomically, on its own; a picture and its sidecar are better
     * written as a pair ({@link #json} and {@code RgbImage.writeWith}).
     */
    public static void write(Path image, Map<String, Object> sidecar) throws IOException {
        AtomicFiles.write(RunSidecar.pathFor(image), json(sidecar));
    }

    /** {@code sidecar} as the JSON bytes {@link #write} writes. */
    public static byte[] json(Map<String, Object> sidecar) throws IOException {
        return JSON.writeValueAsBytes(sidecar);
    }
}
