package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.SettingException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.MemoryEstimate;
import dev.atelier.style.engine.OptimizerKind;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.engine.VggFeatureExtractor;
import dev.atelier.style.image.BicubicResize;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.mask.SoftMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deep Painterly Harmonization (Luan, Paris, Shechtman and Bala 2018) on our VGG and L-BFGS: an object
 * pasted into a painting is repainted, in two passes, so that it looks painted with the rest.
 *
 * <ol>
 *   <li>Pass 1 (robust, coarse), from the naive composite: content at relu4_1 inside the loose mask;
 *       style at relu3_1, relu4_1, relu5_1, each layer's target being the masked Gram of painting features
 *       matched to the composite's 3x3 patches independently per layer; total variation.</li>
 *   <li>Pass 2 (refined), from pass 1's output: one nearest-neighbour field at relu4_1, made spatially
 *       consistent and projected to relu1_1..relu3_1; style at relu1_1..relu4_1 and histogram losses at
 *       relu1_1 and relu4_1 on the matched features; total variation. The authors' weights: content 1,
 *       style L, histogram (10 − t)·L, TV t·L, for the level L and t from the painting's noise level
 *       ({@link PaintingNoise}). Each layer's gradient is scaled to unit L2 norm inside its mask at every
 *       evaluation, as the authors' code does ({@code NormalisedLoss}).</li>
 *   <li>Post-processing: chroma denoising in CIELAB, then the authors' second stage
 *       ({@link PatchMatchPostProcess}): the result rebuilt from the painting's 7x7 patches, its fine detail
 *       added back, and a blend into the painting with the mask dilated by 3 px and bounded by the loose
 *       mask, so every pixel outside the loose mask is the painting's own.</li>
 * </ol>
 * Everything is deterministic: the only random numbers are the post-processing PatchMatch's, from a fixed seed,
 * and ties in matching go to the lowest index.
 */
public final class Harmonizer {
    /** The layers whose features the passes compare. */
    static final List<String> FEATURE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
    /** The smallest side a scale may have: VGG pools four times before relu5_1. */
    static final int MIN_SIDE = 32;

    private final HarmonizationSettings settings;
    private final VggFeatures vgg;
    private final FeatureExtractor network;
    /**
     * Float32 always: the targets and pass 1, whose strong-Wolfe line search compares loss values; bfloat16's
     * rounding of the activations is larger than the changes of pass 1's small raw errors near its start, so
     * in bfloat16 the line search found no lower point and the coarsest scale's pass 1 never moved.
     */
    private final FeatureExtractor exact;

    /**
     * @param vgg the network (VGG19 as in the paper; any VGG with relu5_1 works), left open
     */
    public Harmonizer(HarmonizationSettings settings, VggFeatures vgg) {
        this(settings, vgg, FeaturePrecision.FP32);
    }

    /**
     * @param vgg the network (VGG19 as in the paper; any VGG with relu5_1 works), left open
     * @param precision the network's arithmetic while optimising (the metrics of the result stay float32)
     */
    public Harmonizer(HarmonizationSettings settings, VggFeatures vgg, FeaturePrecision precision) {
        this.settings = settings;
        this.vgg = vgg;
        this.network = new VggFeatureExtractor(vgg, precision);
        this.exact = precision == FeaturePrecision.FP32 ? network : new VggFeatureExtractor(vgg, FeaturePrecision.FP32);
    }

    /** The working size of a {@code width x height} painting: its long side brought down to {@code size}. */
    public static int[] workingSize(int width, int height, int size) {
        if (Math.max(width, height) <= size) {
            return new int[] {width, height};
        }
        double f = (double) size / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /**
     * The scales a run optimises at: {@code settings.scales()} for the working size's long side, without
     * the scales whose short side would be under {@value #MIN_SIDE} px (their evaluations go to the next one).
     */
    public static ScaleLadder ladder(HarmonizationSettings settings, int width, int height) {
        int longSide = Math.max(width, height);
        ScaleLadder full = ScaleLadder.of(settings.scales(), longSide, settings.maxEvaluations(),
                ScaleLadder.Split.COARSE_HEAVY);
        List<Integer> sides = new ArrayList<>();
        List<Integer> evaluations = new ArrayList<>();
        int carried = 0;
        for (int k = 0; k < full.count(); k++) {
            int side = full.longSides().get(k);
            int[] wh = scaleSize(width, height, side);
            if (Math.min(wh[0], wh[1]) < MIN_SIDE && k < full.count() - 1) {
                carried += full.evaluations().get(k);
                continue;
            }
            sides.add(side);
            evaluations.add(full.evaluations().get(k) + carried);
            carried = 0;
        }
        return new ScaleLadder(sides, evaluations);
    }

    /**
     * The scales a run of {@code composite} optimises at: {@link #ladder(HarmonizationSettings, int, int)}
     * without the coarse scales where the loose mask leaves no cell inside at a layer the losses use (a
     * small object vanishes at relu5_1 of a coarse scale); their evaluations go to the next scale.
     *
     * @param composite the composite at the working size {@code width x height}
     * @throws dev.atelier.core.InvalidInputException when that happens at the working size itself
     */
    public static ScaleLadder ladder(HarmonizationSettings settings, VggArchitecture network, Composite composite,
            int width, int height) {
        ScaleLadder base = ladder(settings, width, height);
        List<Integer> sides = new ArrayList<>();
        List<Integer> evaluations = new ArrayList<>();
        int carried = 0;
        for (int k = 0; k < base.count(); k++) {
            int side = base.longSides().get(k);
            int[] wh = scaleSize(width, height, side);
            SoftMask mask = composite.resized(wh[0], wh[1]).mask();
            HarmonizationMasks masks = HarmonizationMasks.of(mask, looseSigma(settings, width, height, wh[0], wh[1]));
            Map<String, LayerMask> pyramid = MaskPyramid.build(network, "relu5_1", masks.loose().values(), wh[0], wh[1]);
            String empty = null;
            for (String l : FEATURE_LAYERS) {
                if (pyramid.get(l).insideCount() == 0) {
                    empty = l;
                    break;
                }
            }
            if (empty != null) {
                if (k == base.count() - 1) {
                    throw new dev.atelier.core.InvalidInputException("the mask is too small for " + wh[0] + "x" + wh[1]
                            + ": after VGG's poolings nothing of it is left at " + empty
                            + "; paint a larger mask, scale the object up or raise the size");
                }
                carried += base.evaluations().get(k);
                continue;
            }
            sides.add(side);
            evaluations.add(base.evaluations().get(k) + carried);
            carried = 0;
        }
        return new ScaleLadder(sides, evaluations);
    }

    /** A {@code width x height} image brought to the long side {@code longSide}. */
    private static int[] scaleSize(int width, int height, int longSide) {
        if (Math.max(width, height) == longSide) {
            return new int[] {width, height};
        }
        double f = (double) longSide / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /**
     * Refuses a working size of {@code width x height} whose passes would not fit in memory: both run
     * forward and backward to relu5_1 under L-BFGS.
     *
     * @throws SettingException for {@code size}, naming the size that fits
     */
    public static void checkMemory(VggArchitecture network, int width, int height) {
        MemoryEstimate.check(network, network.layer("relu5_1").index(), 1, width, height,
                MemoryEstimate.imageVectors(OptimizerKind.LBFGS, PassOptimizer.HISTORY));
    }

    /**
     * Harmonises {@code composite} into {@code painting}, coarse to fine: each scale runs both passes, the
     * coarsest from the naive composite, every other from the previous scale's result upsampled (bicubic,
     * as {@code stylize} does) inside the loose mask and the composite's own pixels outside it.
     *
     * @param painting the painting, the composite's size
     * @param composite the object pasted in, and its mask
     * @throws SettingException for {@code size} when the working image would be under {@value #MIN_SIDE} pixels a side
     */
    public HarmonizationResult run(RgbImage painting, Composite composite, HarmonizationListener listener) {
        if (painting.width() != composite.image().width() || painting.height() != composite.image().height()) {
            throw new IllegalArgumentException("the composite is not the painting's size");
        }
        int[] wh = workingSize(painting.width(), painting.height(), settings.size());
        int w = wh[0];
        int h = wh[1];
        if (Math.min(w, h) < MIN_SIDE) {
            throw new SettingException("size", "the painting comes out " + w + "x" + h
                    + " at this size; harmonisation needs at least " + MIN_SIDE + " pixels a side (VGG pools 4 times)");
        }
        checkMemory(vgg.architecture(), w, h);
        RgbImage p = painting.resized(w, h);
        Composite c = composite.resized(w, h);
        ScaleLadder ladder = ladder(settings, vgg.architecture(), c, w, h);
        PostProcessSizes post = PostProcessSizes.at(Math.max(w, h));
        HarmonizationMasks masks = HarmonizationMasks.of(c.mask(), looseSigma(w, h, w, h));
        // the noise level is the painting's at 700 px (the authors'), whatever the working size and scale
        double noise = PaintingNoise.estimate(painting);
        double tv = PaintingNoise.tvWeight(noise);
        List<PassSummary> passes = new ArrayList<>();
        PassOptimizer optimizer = new PassOptimizer(exact, listener, settings.saveEvery(), System.nanoTime());
        listener.onStart(ladder.totalEvaluations(), w, h, 1);
        RgbImage raw = null;
        RgbImage pass1 = null;
        boolean stopped = false;
        for (int k = 0; k < ladder.count() && !stopped; k++) {
            int[] s = scaleSize(w, h, ladder.longSides().get(k));
            int evaluations = ladder.evaluations().get(k);
            listener.onScale(k, ladder.count(), s[0], s[1], evaluations);
            HarmonizationScale scale = scale(k, p.resized(s[0], s[1]), c.resized(s[0], s[1]), looseSigma(w, h, s[0], s[1]));
            RgbImage start = raw == null ? scale.composite().image() : carry(raw, scale);
            ScaleOutcome o = runScale(scale, start, evaluations, tv, optimizer, listener, passes);
            raw = o.raw;
            pass1 = o.pass1;
            stopped = o.stopped;
            PostProcessSizes previewSizes = PostProcessSizes.at(Math.max(s[0], s[1]));
            listener.onScaleFinished(k, List.of(blend(ChromaDenoise.apply(raw, scale.composite().image(),
                    previewSizes.chromaRadius()),
                    scale.painting(), scale.masks())));
        }
        // stopped at a coarse scale: the result so far, brought to the working size
        RgbImage finest = raw.width() == w && raw.height() == h ? raw : carry(raw, scale(-1, p, c, looseSigma(w, h, w, h)));
        RgbImage denoised = ChromaDenoise.apply(finest, c.image(), post.chromaRadius());
        // --- issue #22 part 5: the authors' second post-processing stage (filt_cnn_artifact.m) ---
        // PatchMatch to the painting, vote, detail back, blend with the mask dilated by 3 px; it replaces the
        // tight-mask blend, and the loose mask bounds it so every pixel outside that is the painting's own
        long postStart = System.nanoTime();
        RgbImage finished = PatchMatchPostProcess.apply(denoised, p, c.mask(), masks.loose(), post.patchWidth());
        double postSeconds = (System.nanoTime() - postStart) / 1e9;
        // --- end of the second stage ---
        return new HarmonizationResult(finished, p, c.image(), pass1, masks, ladder, passes, noise, tv, stopped,
                postSeconds);
    }

    private double looseSigma(int w, int h, int sw, int sh) {
        return looseSigma(settings, w, h, sw, sh);
    }

    /** The loose mask's blur at a {@code sw x sh} scale of a {@code w x h} working size. */
    private static double looseSigma(HarmonizationSettings settings, int w, int h, int sw, int sh) {
        if (settings.looseSigma() > 0) {
            return settings.looseSigma() * Math.max(sw, sh) / Math.max(w, h);
        }
        return HarmonizationMasks.defaultSigma(Math.max(sw, sh));
    }

    private HarmonizationScale scale(int index, RgbImage painting, Composite composite, double sigma) {
        return HarmonizationScale.of(index, painting, composite, sigma, vgg.architecture());
    }

    /**
     * The previous scale's image upsampled into this scale: inside the loose mask the result carried on,
     * outside it the composite's own pixels at this scale (sharper than an upsampled copy of them).
     */
    private static RgbImage carry(RgbImage previous, HarmonizationScale scale) {
        RgbImage up = BicubicResize.resize(previous, scale.width(), scale.height()).clipped();
        return blend(up, scale.composite().image(), scale.masks().loose(), scale.masks().loose());
    }

    private record ScaleOutcome(RgbImage raw, RgbImage pass1, boolean stopped) {}

    /** Both passes at one scale, from {@code start}; pass 2 only where pass 1 was not stopped and has a budget. */
    private ScaleOutcome runScale(HarmonizationScale scale, RgbImage start, int evaluations, double tv,
            PassOptimizer optimizer, HarmonizationListener listener, List<PassSummary> passes) {
        int budget2 = HarmonizationSettings.pass2Evaluations(evaluations);
        try (NDManager manager = ActiveDevice.newManager()) {
            ScalePasses run = new ScalePasses(settings, network, exact, optimizer, listener, passes, scale, tv, start,
                    manager);
            ScalePasses.PassResult robust = run.robust(HarmonizationSettings.pass1Evaluations(evaluations));
            if (robust.stopped() || budget2 == 0) {
                return new ScaleOutcome(robust.image(), robust.image(), robust.stopped());
            }
            ScalePasses.PassResult refined = run.refined(budget2, robust.image());
            return new ScaleOutcome(refined.image(), robust.image(), refined.stopped());
        }
    }

    /**
     * The final blend: {@code tight·result + (1 − tight)·painting}, and the painting's pixel itself wherever
     * the loose mask is zero (the tight mask is zero there too; copying says so without relying on arithmetic).
     */
    public static RgbImage blend(RgbImage result, RgbImage painting, HarmonizationMasks masks) {
        return blend(result, painting, masks.tight(), masks.loose());
    }

    /** {@code weight·result + (1 − weight)·base}, and the base's pixel itself wherever {@code support} is zero. */
    private static RgbImage blend(RgbImage result, RgbImage base, SoftMask weight, SoftMask support) {
        int plane = base.width() * base.height();
        float[] out = base.pixels().clone();
        float[] r = result.pixels();
        float[] t = weight.values();
        float[] loose = support.values();
        for (int i = 0; i < plane; i++) {
            if (loose[i] == 0) {
                continue;
            }
            for (int ch = 0; ch < 3; ch++) {
                int k = ch * plane + i;
                out[k] = t[i] * r[k] + (1 - t[i]) * out[k];
            }
        }
        return new RgbImage(base.width(), base.height(), out);
    }
}
