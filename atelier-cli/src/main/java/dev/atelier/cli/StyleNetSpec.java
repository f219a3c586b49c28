package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.mask.SoftMask;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One {@code style-net apply --net} value: {@code FILE,mask=M|outside=M}, as {@code --style} takes its mask:
 * the network paints where the greyscale image M is white ({@code outside=}: where it is black).
 *
 * @param file the network file
 * @param mask the mask file
 * @param inverted true for {@code outside=}
 */
record StyleNetSpec(Path file, Path mask, boolean inverted) {
    /** Parses a {@code --net} value, failing with one line that shows the syntax. */
    static StyleNetSpec parse(String text) {
        String[] parts = text.split(",");
        if (parts[0].isBlank() || parts.length != 2) {
            throw bad(text, "it needs a network file and one mask");
        }
        String p = parts[1].trim();
        int eq = p.indexOf('=');
        String key = eq < 0 ? "" : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (!key.equals("mask") && !key.equals("outside")) {
            throw bad(text, "'" + p + "' is not mask=M or outside=M");
        }
        return new StyleNetSpec(Path.of(parts[0].trim()), Path.of(p.substring(eq + 1).trim()), key.equals("outside"));
    }

    /** Reads the mask (inverted for {@code outside=}). */
    SoftMask readMask() {
        SoftMask m = SoftMask.read(mask);
        return inverted ? m.inverted() : m;
    }

    private static InvalidInputException bad(String text, String why) {
        return new InvalidInputException("--net '" + text + "': " + why + "; use NET,mask=M or NET,outside=M");
    }
}
