package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --style} value: {@code FILE[,weight=W][,mask=M|outside=M][,scale=F]}. {@code mask=M} applies
 * the style where the greyscale image M is white; {@code outside=M} where it is black, so one mask file
 * splits a picture between two styles.
 *
 * @param file the style image
 * @param weight blend weight before normalisation
 * @param mask the mask file, or null
 * @param inverted true for {@code outside=}
 * @param scale the style's own scale
 */
record StyleSpec(Path file, double weight, Path mask, boolean inverted, double scale) {
    static StyleSpec of(Path file) {
        return new StyleSpec(file, 1, null, false, 1);
    }

    /** Parses a {@code --style} value, failing with one line that shows the syntax. */
    static StyleSpec parse(String text) {
        String[] parts = text.split(",");
        if (parts[0].isBlank()) {
            throw bad(text, "it names no image");
        }
        Path file = Path.of(parts[0].trim());
        double weight = 1;
        double scale = 1;
        Path mask = null;
        boolean inverted = false;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw bad(text, "'" + p + "' is not key=value");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            // a key given twice would silently take the last value: refused (two masks have their own message)
            if (!key.equals("mask") && !key.equals("outside") && !seen.add(key)) {
                throw bad(text, "it gives " + key + " twice");
            }
            switch (key) {
                case "weight" -> weight = number(text, key, value);
                case "scale" -> scale = number(text, key, value);
                case "mask", "outside" -> {
                    if (mask != null) {
                        throw bad(text, "it has two masks");
                    }
                    mask = Path.of(value);
                    inverted = key.equals("outside");
                }
                default -> throw bad(text, "unknown key '" + key + "'");
            }
        }
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw bad(text, "weight must be zero or positive");
        }
        if (!(scale > 0) || !(scale <= dev.atelier.style.engine.StyleTransferSettingsTable.MAX_STYLE_SCALE)) {
            throw bad(text, "scale must be positive and at most "
                    + (int) dev.atelier.style.engine.StyleTransferSettingsTable.MAX_STYLE_SCALE);
        }
        return new StyleSpec(file, weight, mask, inverted, scale);
    }

    /** True for a plain style file with default weight, no mask and no own scale. */
    boolean isPlain() {
        return mask == null && weight == 1 && scale == 1;
    }

    /** Reads the image and mask. */
    StyleInput read() {
        RgbImage image = RgbImage.read(file);
        SoftMask m = null;
        if (mask != null) {
            m = SoftMask.read(mask);
            if (inverted) {
                m = m.inverted();
            }
            if (m.coverage() <= 0) {
                throw new InvalidInputException("the mask " + mask + (inverted ? " (outside)" : "")
                        + " is empty: style " + file + " would apply nowhere");
            }
        }
        return new StyleInput(image, weight, m, scale);
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", file.toString());
        d.put("weight", weight);
        if (mask != null) {
            d.put(inverted ? "outside" : "mask", mask.toString());
        }
        d.put("scale", scale);
        return d;
    }

    private static double number(String text, String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(text, key + " '" + value + "' is not a number");
        }
    }

    private static InvalidInputException bad(String text, String why) {
        return new InvalidInputException("--style '" + text + "': " + why
                + "; use FILE[,weight=W][,mask=M|outside=M][,scale=F]");
    }
}
