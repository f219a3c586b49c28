package dev.atelier.style.harmonize;

import dev.atelier.style.engine.ScaleLadder;
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
 *     (the authors predict it per painting, from 1 for photographic paintings to 10 for abstract ones;
 *     between 1 and 10, {@link HarmonizationSettingsTable#LEVEL}): pass 2 weights style L, histogram
 *     (10 − t)·L and TV t·L
 * @param looseSigma the loose mask's Gaussian in pixels at the working size, or 0 for the default
 *     ({@link HarmonizationMasks#defaultSigma})
 * @param scales the coarse-to-fine ladder as {@code stylize --scales} takes it: {@code auto}, a count, or
 *     a list of long sides ending at the working size
 * @param saveEvery a snapshot every this many evaluations (0: none)
 * @param quality the budget the size, evaluations and scales came from when they were not set one by one
 */
public record HarmonizationSettings(int size, int maxEvaluations, double level, double looseSigma, String scales,
        int saveEvery, HarmonizationQuality quality) {
    /**
     * The default working size and budget: small enough to watch a harmonization blend in about 10 seconds on
     * 2 cores (the studio's mode and a first command-line run alike); larger sizes and budgets are finer and
     * slower (docs/harmonization.md: 512 px with 200 evaluations took 763 s).
     */
    public static final int DEFAULT_SIZE = 256;
    public static final int MAX_SIZE = 1024;
    public static final int DEFAULT_MAX_EVALUATIONS = 60;
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
        quality = quality == null ? HarmonizationQuality.FAST : quality;
        // the ranges are the table's, so every front end and every programmatic caller meets the same rule
        HarmonizationSettingsTable.SIZE.check("size", size);
        HarmonizationSettingsTable.MAX_EVALS.check("max_evals", maxEvaluations);
        HarmonizationSettingsTable.LEVEL.check("level", level);
        HarmonizationSettingsTable.SAVE_EVERY.check("save_every", saveEvery);
        if (!(looseSigma >= 0) || !Double.isFinite(looseSigma) || looseSigma > 1000) {
            throw new IllegalArgumentException("the loose mask's sigma must be between 0 and 1000, got " + looseSigma);
        }
    }

    /** A builder with the table's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** One scale or the default ladder, no snapshots. */
    public HarmonizationSettings(int size, int maxEvaluations, double level, double looseSigma) {
        this(size, maxEvaluations, level, looseSigma, ScaleLadder.AUTO, 0);
    }

    /** Size, evaluations and scales set one by one (quality {@code fast}). */
    public HarmonizationSettings(int size, int maxEvaluations, double level, double looseSigma, String scales,
            int saveEvery) {
        this(size, maxEvaluations, level, looseSigma, scales, saveEvery, HarmonizationQuality.FAST);
    }

    public static HarmonizationSettings defaults() {
        return builder().build();
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
        Map<String, Object> m = HarmonizationSettingsTable.TABLE.describe(this);
        // as the command line and the studio write it, not the enum's name
        m.put("quality", quality.id());
        m.put("loose_sigma", looseSigma);
        m.put("content_layer", CONTENT_LAYER);
        m.put("pass1_style_layers", PASS1_STYLE_LAYERS);
        m.put("pass2_style_layers", PASS2_STYLE_LAYERS);
        m.put("pass2_histogram_layers", PASS2_HISTOGRAM_LAYERS);
        return m;
    }

    /** Builds {@link HarmonizationSettings} from the table's defaults and what is set. */
    public static final class Builder {
        private int size;
        private int maxEvaluations;
        private double level;
        private double looseSigma;
        private String scales;
        private int saveEvery;
        private HarmonizationQuality quality = HarmonizationQuality.FAST;
        /** Whether size, evaluations and scales were set by the caller (they then win over the quality's). */
        private boolean sizeSet;
        private boolean evaluationsSet;
        private boolean scalesSet;
        private boolean applyingDefaults;

        private Builder() {
            applyingDefaults = true;
            HarmonizationSettingsTable.TABLE.applyDefaults(this);
            applyingDefaults = false;
        }

        public Builder optSize(int size) {
            this.size = size;
            sizeSet = !applyingDefaults;
            return this;
        }

        public Builder optMaxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            evaluationsSet = !applyingDefaults;
            return this;
        }

        /** The budget for whichever of size, evaluations and scales are not set explicitly. */
        public Builder optQuality(HarmonizationQuality quality) {
            this.quality = quality;
            return this;
        }

        public Builder optLevel(double level) {
            this.level = level;
            return this;
        }

        /** The loose mask's Gaussian in pixels at the working size; 0 for the default. */
        public Builder optLooseSigma(double looseSigma) {
            this.looseSigma = looseSigma;
            return this;
        }

        public Builder optScales(String scales) {
            this.scales = scales;
            scalesSet = !applyingDefaults;
            return this;
        }

        public Builder optSaveEvery(int saveEvery) {
            this.saveEvery = saveEvery;
            return this;
        }

        /**
         * @throws dev.atelier.core.SettingException for a value out of its range
         */
        public HarmonizationSettings build() {
            return new HarmonizationSettings(sizeSet ? size : quality.size(),
                    evaluationsSet ? maxEvaluations : quality.maxEvaluations(), level, looseSigma,
                    scalesSet ? scales : quality.scales(), saveEvery, quality);
        }
    }
}
