package dev.atelier.style.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON file written beside every output image ({@code out.png.json}): everything needed to know how
 * the image was made and to make it again.
 */
public final class RunSidecar {
    /** The warning printed and recorded whenever VGG runs on random weights. */
    public static final String RANDOM_WEIGHTS_WARNING = "no pretrained weights: VGG ran with RANDOM weights, which "
            + "capture colour and texture but not real content; fetch or import pretrained weights for true style transfer";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSidecar() {}

    /** Where the sidecar of {@code image} goes: {@code image} + {@code .json}. */
    public static Path pathFor(Path image) {
        return image.resolveSibling(image.getFileName() + ".json");
    }

    /**
     * Writes the sidecar of batch item {@code item} atomically, on its own; a picture and its sidecar are
     * better written as a pair ({@link #json} and {@code RgbImage.writeWith}).
     *
     * @param inputs what the run read: content and/or style files
     * @param judge the judge's losses of the written image (see {@code StyleJudge}), or null
     */
    public static void write(Path image, Map<String, Object> inputs, StyleTransferSettings settings,
            NetworkWeights weights, StyleTransferResult result, int item, int batchSize, Map<String, Object> judge)
            throws IOException {
        AtomicFiles.write(pathFor(image), json(image, inputs, settings, weights, result, item, batchSize, judge));
    }

    /**
     * The sidecar of batch item {@code item} of {@code image}, as the JSON bytes {@link #write} writes.
     *
     * @param inputs what the run read: content and/or style files
     * @param judge the judge's losses of the written image (see {@code StyleJudge}), or null
     */
    public static byte[] json(Path image, Map<String, Object> inputs, StyleTransferSettings settings,
            NetworkWeights weights, StyleTransferResult result, int item, int batchSize, Map<String, Object> judge)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", image.getFileName().toString());
        m.putAll(inputs);
        m.put("settings", settings.describe());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("name", weights.name());
        w.put("sha256", weights.isRandom() ? "random" : weights.sha256());
        w.put("random", weights.isRandom());
        m.put("weights", w);
        if (weights.isRandom()) {
            m.put("warning", RANDOM_WEIGHTS_WARNING);
        }
        m.put("seed", settings.seed());
        var img = result.images().get(item);
        m.put("width", img.width());
        m.put("height", img.height());
        m.put("batch", Map.of("size", batchSize, "index", item));
        m.put("stop_reason", result.reason().name().toLowerCase(java.util.Locale.ROOT));
        // said in so many words: a stopped run's picture is the best so far, not the finished one
        m.put("interrupted", result.reason() == dev.atelier.style.optim.StopReason.STOPPED);
        m.put("evaluations", result.evaluations());
        // what each scale really made: a time budget, a tolerance or a stop can end a scale before its budget
        int[] made = new int[settings.ladder().count()];
        for (LossPoint p : result.curve()) {
            if (p.scale() >= 0 && p.scale() < made.length) {
                made[p.scale()]++;
            }
        }
        m.put("scale_evaluations_made", java.util.Arrays.stream(made).boxed().toList());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("setup_s", result.setupSeconds());
        t.put("optimize_s", result.optimizeSeconds());
        t.put("s_per_eval", result.secondsPerEvaluation());
        m.put("timings", t);
        ai.djl.Device device = dev.atelier.core.device.ActiveDevice.device();
        m.put("device", device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu");
        if (!result.tiling().isEmpty()) {
            List<Map<String, Object>> tiles = new ArrayList<>();
            for (ScaleTiling st : result.tiling()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("scale", st.scale());
                e.put("width", st.width());
                e.put("height", st.height());
                e.put("tile", st.tile());
                e.put("margin", st.margin());
                e.put("history_size", st.history());
                tiles.add(e);
            }
            m.put("tiling", tiles);
        }
        if (!result.curve().isEmpty()) {
            m.put("initial", losses(result.curve().get(0), item));
        }
        if (result.best().get(item) != null) {
            m.put("final", losses(result.best().get(item), item));
        }
        if (judge != null) {
            m.put("judge", judge);
        }
        List<Map<String, Object>> curve = new ArrayList<>();
        for (LossPoint p : result.curve()) {
            curve.add(losses(p, item));
        }
        m.put("loss_curve", curve);
        return JSON.writeValueAsBytes(m);
    }

    private static Map<String, Object> losses(LossPoint p, int item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eval", p.evaluation());
        m.put("t", round(p.seconds()));
        m.put("scale", p.scale());
        m.put("total", finiteOrString(p.total()[item]));
        m.put("content", finiteOrString(p.content()[item]));
        m.put("style", finiteOrString(p.style()[item]));
        m.put("tv", finiteOrString(p.totalVariation()[item]));
        return m;
    }

    /** JSON has no NaN or Infinity: those are written as strings. */
    private static Object finiteOrString(double v) {
        return Double.isFinite(v) ? v : Double.toString(v);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
