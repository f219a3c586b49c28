package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** How the output's style statistics are compared with the painting's, per layer. */
public enum StyleLossKind {
    /** Gram matrices (Gatys et al. 2015, the lesson): which features fire together, and how much. */
    GRAM,
    /** Only the Gram diagonal, each channel's energy: the lesson's homework variant, looser. */
    DIAGONAL,
    /**
     * Means and covariances compared as Gaussians, the 2-Wasserstein distance: also matches each
     * feature's average, which the Gram matrix mixes with its spread.
     */
    MOMENTS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StyleLossKind parse(String text) {
        for (StyleLossKind k : values()) {
            if (k.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("unknown style loss '" + text + "'; use gram, diagonal or moments");
    }
}
