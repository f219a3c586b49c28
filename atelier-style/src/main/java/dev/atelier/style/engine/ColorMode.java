package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** Colour control (Gatys, Bethge, Hertzmann &amp; Shechtman 2016, "Preserving Color in Neural Artistic Style Transfer"). */
public enum ColorMode {
    /** The output takes the painting's colours along with its textures (the lesson). */
    NONE,
    /**
     * Luminance-only transfer: the optimisation sees luminance images (the style's luminance matched
     * to the content's mean and spread), and the output keeps the content's chroma.
     */
    KEEP,
    /** The painting's colours are first transformed so their mean and covariance are the content's. */
    MATCH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColorMode parse(String text) {
        for (ColorMode m : values()) {
            if (m.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException("unknown colour mode '" + text + "'; use none, keep or match");
    }
}
