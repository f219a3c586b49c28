package dev.atelier.core.vgg;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/**
 * How a VGG network's 2x2, stride-2 pooling layers reduce each window. Pretrained VGGs were trained
 * with max pooling; Gatys et al. replaced it with average pooling for smoother style-transfer images.
 */
public enum PoolingMode {
    MAX("max"),
    AVERAGE("avg");

    private final String id;

    PoolingMode(String id) {
        this.id = id;
    }

    /** The short name used on the command line: {@code max} or {@code avg}. */
    public String id() {
        return id;
    }

    /**
     * Parses {@code max}, {@code avg} or {@code average}, ignoring case.
     *
     * @throws InvalidInputException for anything else
     */
    public static PoolingMode parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "max" -> MAX;
            case "avg", "average", "mean" -> AVERAGE;
            default -> throw new InvalidInputException("unknown pooling '" + text + "'; use max or avg");
        };
    }
}
