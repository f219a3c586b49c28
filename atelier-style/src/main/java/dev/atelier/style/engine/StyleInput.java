package dev.atelier.style.engine;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.List;
import java.util.Objects;

/**
 * One painting whose style the output should take, with how much, where and at what scale.
 *
 * @param image the painting
 * @param weight its share of the style loss before normalisation (the weights of a run's styles are
 *     divided by their sum)
 * @param mask where in the output this style applies (output's aspect ratio, any resolution); null for
 *     everywhere
 * @param scale this style's own scale, multiplying the run's style scale (below 1: finer strokes)
 */
public record StyleInput(RgbImage image, double weight, SoftMask mask, double scale) {
    public StyleInput {
        Objects.requireNonNull(image, "image");
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new dev.atelier.core.InvalidInputException("a style's weight must be zero or positive, got " + weight);
        }
        if (!(scale > 0) || !(scale <= StyleTransferSettingsTable.MAX_STYLE_SCALE)) {
            throw new dev.atelier.core.InvalidInputException("a style's scale must be positive and at most "
                    + (int) StyleTransferSettingsTable.MAX_STYLE_SCALE + ", got " + scale);
        }
    }

    /** One style applied everywhere at its natural scale. */
    public static StyleInput of(RgbImage image) {
        return new StyleInput(image, 1.0, null, 1.0);
    }

    /**
     * Each style's weight divided by the sum of all: their blend, summing to 1.
     *
     * @throws dev.atelier.core.InvalidInputException when the weights do not sum to a positive number
     */
    public static double[] blend(List<StyleInput> styles) {
        double sum = 0;
        for (StyleInput s : styles) {
            sum += s.weight();
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new dev.atelier.core.InvalidInputException("style weights must sum to a positive number, got " + sum);
        }
        double[] out = new double[styles.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = styles.get(i).weight() / sum;
        }
        return out;
    }
}
