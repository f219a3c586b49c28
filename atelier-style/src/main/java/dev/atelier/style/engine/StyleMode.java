package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** The lesson's three experiments. */
public enum StyleMode {
    /** Reconstruct an image from its content activations alone: what does a layer remember? */
    CONTENT,
    /** Synthesise a texture from the style image's Gram matrices alone. */
    STYLE,
    /** Both: the content image painted in the style image's manner. */
    TRANSFER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usesContent() {
        return this != STYLE;
    }

    public boolean usesStyle() {
        return this != CONTENT;
    }

    /** Parses {@code content}, {@code style} or {@code transfer}. */
    public static StyleMode parse(String text) {
        for (StyleMode m : values()) {
            if (m.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException("unknown mode '" + text + "'; use transfer, content or style");
    }
}
