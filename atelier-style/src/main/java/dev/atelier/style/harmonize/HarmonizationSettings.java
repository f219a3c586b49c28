package dev.atelier.style.harmonize;

import dev.atelier.style.engine.ScaleLadder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a harmonisation run does: its size, its evaluation budget, its scales and the stylisation level.
 *
 * @param size the working image's long side in pixels (a larger painting is scaled down to it; a smaller
 *     one is used as it is)
 * @param maxEvaluations loss evaluations for all scales and both passes together: split over the scales
 *     by {@link ScaleLadder.Split#COARSE_HEAVY}, then each scale's evenly between its two passes
 * @param level the stylisation level: the weight of the style and histogram losses against content
 *     (the paper predicts it per painting, from 1 for photographic paintings to 10 for abstract ones)
 * @param looseSigma the loose mask's Gaussian in pixels at the working size, or 0 for the default
 *     ({@link HarmonizationMasks#defaultSigma})
 * @param scales the coarse-to-fine ladder as {@code stylize --scales} takes it: {@code auto}, a count, or
 *     a list of long sides ending at the working size
 * @param saveEvery a snapshot every this many evaluations (0: none)
 */
public record HarmonizationSettings(int size, int maxEvaluations, double level, double looseSigma, String scales,
        int saveEvery) {
    public static final int DEFAULT_SIZE = 512;
    public static final int MAX_SIZE = 1024;
    public static final int DEFAULT_MAX_EVALUATIONS = 200;
    public static final double DEFAULT_LEVEL = 5;

    /** Pass 1's layers: content, and style from independently matched patches. */
    public static final String CONTENT_LAYER = "relu4_1";
    public static final List<String> PASS1_STYLE_LAYERS = List.of("relu3_1", "relu4_1", "relu5_1");
    /** Pass 2's layers: style from one consistent mapping, histograms at the finest and the reference layer. */
    public static final List<String> PASS2_STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1");
    public static final List<String> PASS2_HISTOGRAM_LAYERS = List.of("relu1_1", "relu4_1");
    /** The layer where pass 2's mapping is computed and made consistent. */
    public static final String REFERENCE_LAYER = "relu4_1";

    public HarmonizationSettings {
        scales = scales == null || scales.isBlank() ? ScaleLadder.AUTO : scales.trim();
        if (saveEvery < 0) {
            throw new IllegalArgumentException("--save-every must be 0 (none) or positive, got " + saveEvery);
        }
        if (size < 64 || size > MAX_SIZE) {
            throw new IllegalArgumentException("--size must be between 64 and " + MAX_SIZE + ", got " + size);
        }
        if (maxEvaluations < 2) {
            throw new IllegalArgumentException("--max-evals must be at least 2 (one per pass), got " + maxEvaluations);
        }
        if (!(level >= 0) || !Double.isFinite(level) || level > 1000) {
            throw new IllegalArgumentException("--level must be between 0 and 1000, got " + level);
        }
        if (!(looseSigma >= 0) || !Double.isFinite(looseSigma) || looseSigma > 1000) {
            throw new IllegalArgumentException("the loose mask's sigma must be between 0 and 1000, got " + looseSigma);
        }
    }

    /** One scale or the default ladder, no snapshots. */
    public HarmonizationSettings(int size, int maxEvaluations, double level, double looseSigma) {
        this(size, maxEvaluations, level, looseSigma, ScaleLadder.AUTO, 0);
    }

    public static HarmonizationSettings defaults() {
        return new HarmonizationSettings(DEFAULT_SIZE, DEFAULT_MAX_EVALUATIONS, DEFAULT_LEVEL, 0);
    }

    /** Pass 1's share of a scale's {@code evaluations} (the first half, rounded up). */
    public static int pass1Evaluations(int evaluations) {
        return (evaluations + 1) / 2;
    }

    /** Pass 2's share of a scale's {@code evaluations}. */
    public static int pass2Evaluations(int evaluations) {
        return evaluations - pass1Evaluations(evaluations);
    }

    /** For the sidecar. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size);
        m.put("max_evaluations", maxEvaluations);
        m.put("level", level);
        m.put("loose_sigma", looseSigma);
        m.put("scales", scales);
        m.put("save_every", saveEvery);
        m.put("content_layer", CONTENT_LAYER);
        m.put("pass1_style_layers", PASS1_STYLE_LAYERS);
        m.put("pass2_style_layers", PASS2_STYLE_LAYERS);
        m.put("pass2_histogram_layers", PASS2_HISTOGRAM_LAYERS);
        return m;
    }
}
