package dev.atelier.core.image;

import dev.atelier.core.InvalidInputException;

/**
 * The size limit of the planar float copies of an image ({@code 3 x height x width} values in one
 * Java array): beyond about 715 million pixels the count overflows an {@code int}, which would
 * otherwise surface as a negative array size or silently wrong indexing. Only reachable when
 * {@link ImagePixelLimit} has been raised that far.
 */
public final class ImagePlanes {
    /** The most values one Java array can hold on common JVMs. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ImagePlanes() {}

    /**
     * Refuses a {@code width x height} image whose three colour planes do not fit one Java array.
     *
     * @throws InvalidInputException naming the size
     */
    public static void requireFits(int width, int height) {
        if (3L * width * height > MAX_ARRAY) {
            throw new InvalidInputException("an image of " + width + "x" + height + " pixels is too large to "
                    + "process in one piece (at most " + MAX_ARRAY / 3 / 1_000_000 + " million pixels); shrink it first");
        }
    }
}
