package dev.atelier.style.harmonize;

import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.image.RgbImage;
import java.util.List;

/**
 * A finished harmonisation.
 *
 * @param image the final picture: pass 2, chroma-denoised, then the PatchMatch stage ({@link PatchMatchPostProcess})
 *     with its blend into the painting
 * @param painting the painting at the working size
 * @param composite the naive composite at the working size
 * @param pass1 pass 1's raw output at the finest scale run (before post-processing)
 * @param masks the loose and tight masks at the working size
 * @param ladder the scales run (long sides and evaluation budgets), coarsest first
 * @param passes one summary per pass run, in order
 * @param noise the painting's noise level
 * @param tvWeight the total-variation weight pass 2 used (from the noise level)
 * @param stopped whether the run was stopped early
 * @param patchMatchSeconds the wall time of the PatchMatch post-processing stage, which every run ends with
 */
public record HarmonizationResult(RgbImage image, RgbImage painting, RgbImage composite, RgbImage pass1,
        HarmonizationMasks masks, ScaleLadder ladder, List<PassSummary> passes, double noise, double tvWeight, boolean stopped,
        double patchMatchSeconds) {}
