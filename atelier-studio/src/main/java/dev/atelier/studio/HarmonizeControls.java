package dev.atelier.studio;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.harmonize.HarmonizationSettings;

/**
 * The harmonize mode's controls, as JSON: which object goes where on which painting, its mask, and the
 * run's size, budget and stylisation level. Every field but the two images may be left out for its default.
 *
 * @param painting the painting's image reference ({@code example:NAME} or {@code upload:ID})
 * @param object the object's image reference
 * @param mask where the object is, painted on the object at its own size: a PNG as a {@code data:} URL or
 *     plain base64, white = object; null = the whole object
 * @param x the scaled object's left edge in the painting's pixels (default: centred)
 * @param y its top edge (default: centred)
 * @param scale the object's scale before pasting (default 1)
 * @param size the working long side (default {@value #DEFAULT_SIZE})
 * @param maxEvals evaluations for all scales and both passes (default {@value #DEFAULT_MAX_EVALS})
 * @param level the stylisation level (default {@link HarmonizationSettings#DEFAULT_LEVEL})
 * @param scales coarse-to-fine ladder: {@code auto}, a count or a list of long sides (default auto)
 * @param previewEvery evaluations between two preview images (default {@value Controls#DEFAULT_PREVIEW_EVERY})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HarmonizeControls(String painting, String object, String mask, Integer x, Integer y, Double scale,
        Integer size, Integer maxEvals, Double level, String scales, Integer previewEvery) {
    /** The studio's default working size: small enough to watch it blend within a minute on 2 cores. */
    public static final int DEFAULT_SIZE = 256;
    public static final int DEFAULT_MAX_EVALS = 60;

    /** Checks what can be checked without reading images. */
    void requireRunnable() {
        if (painting == null || object == null) {
            throw new InvalidInputException("harmonize needs a painting and an object");
        }
        if (maxEvals != null && maxEvals > Controls.MAX_EVALS) {
            throw new InvalidInputException("maxEvals must be at most " + Controls.MAX_EVALS + ", got " + maxEvals);
        }
        if (previewEvery != null && previewEvery < 1) {
            throw new InvalidInputException("previewEvery must be at least 1, got " + previewEvery);
        }
        if (scale != null && !(scale > 0 && Double.isFinite(scale))) {
            throw new InvalidInputException("the object's scale must be positive, got " + scale);
        }
    }

    /** The run's settings; their ranges checked as the CLI checks them. */
    HarmonizationSettings settings() {
        try {
            return new HarmonizationSettings(size == null ? DEFAULT_SIZE : size, maxEvals == null ? DEFAULT_MAX_EVALS : maxEvals,
                    level == null ? HarmonizationSettings.DEFAULT_LEVEL : level, 0, scales == null ? ScaleLadder.AUTO : scales,
                    previewEvery == null ? Controls.DEFAULT_PREVIEW_EVERY : previewEvery);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage().replace("--max-evals", "maxEvals").replace("--", ""));
        }
    }

    /** These controls without the mask's pixels (for descriptions). */
    HarmonizeControls withoutMaskData() {
        return new HarmonizeControls(painting, object, mask == null ? null : "painted", x, y, scale, size, maxEvals, level,
                scales, previewEvery);
    }
}
