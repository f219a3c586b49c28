package dev.atelier.core.image;

/**
 * What an image file's header declares, read without decoding its pixels (see
 * {@link ImageFiles#header}): enough to check sizes and memory before any large allocation.
 *
 * @param width declared pixels across
 * @param height declared pixels down
 * @param format the decoder's format name, e.g. {@code png} or {@code jpeg}
 */
public record ImageHeader(int width, int height, String format) {
    /** Declared pixel count. */
    public long pixels() {
        return (long) width * height;
    }
}
