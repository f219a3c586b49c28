package dev.atelier.style.engine;

import dev.atelier.core.SettingException;
import java.util.Locale;

/**
 * The tile setting: whether scales too large for memory are optimised in tiles ({@link Kind#AUTO}, the
 * default: only where the untiled run would not fit), never ({@link Kind#OFF}), or always with cores of a
 * given side ({@link Kind#SIZE}, for every scale larger than one tile).
 *
 * @param kind which of the three
 * @param size the core side in pixels for {@link Kind#SIZE}, else 0
 */
public record TileSetting(Kind kind, int size) {
    /** The smallest tile side accepted: below it the margins would cost more than the cores. */
    public static final int MIN_SIZE = 64;
    /** The largest: beyond it a tile is as costly as an untiled run of the same size. */
    public static final int MAX_SIZE = 8192;

    /** The three choices. */
    public enum Kind { AUTO, OFF, SIZE }

    public static final TileSetting AUTO = new TileSetting(Kind.AUTO, 0);
    public static final TileSetting OFF = new TileSetting(Kind.OFF, 0);

    /**
     * Parses {@code auto}, {@code off} or a size in pixels.
     *
     * @throws SettingException for anything else
     */
    public static TileSetting parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("off")) {
            return OFF;
        }
        int size;
        try {
            size = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new SettingException("tile", "must be auto, off or a tile size in pixels (" + MIN_SIZE + " to "
                    + MAX_SIZE + "), got '" + text + "'");
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new SettingException("tile", "a tile size must lie between " + MIN_SIZE + " and " + MAX_SIZE
                    + " pixels, got " + size);
        }
        return new TileSetting(Kind.SIZE, size);
    }

    /** As {@link #parse} reads it. */
    public String describe() {
        return kind == Kind.SIZE ? Integer.toString(size) : kind.name().toLowerCase(Locale.ROOT);
    }
}
