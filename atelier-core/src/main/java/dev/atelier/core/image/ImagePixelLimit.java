package dev.atelier.core.image;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.config.SizeLimit;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The largest image, in pixels, that is decoded at all: a small compressed file may declare an
 * enormous image (a 390 KB PNG of 20000x20000 pixels decodes to 1.6 GB), so the size its header
 * declares is checked before any pixel is decoded.
 *
 * <p>Default 50 million pixels (a 50 MP photo, 200 MB decoded); change it with the system property
 * {@code atelier.image.maxPixels} or the environment variable {@code ATELIER_IMAGE_MAX_PIXELS}.
 */
public final class ImagePixelLimit {
    /** The limit and how it is overridden. */
    public static final SizeLimit LIMIT =
            new SizeLimit("atelier.image.maxPixels", "ATELIER_IMAGE_MAX_PIXELS", 50_000_000L);

    private ImagePixelLimit() {}

    /**
     * Refuses an image whose declared size is not positive or exceeds the limit.
     *
     * @throws InvalidInputException naming the file, its declared size and the limit
     */
    public static void check(Path file, long width, long height) {
        if (width < 1 || height < 1) {
            throw new InvalidInputException("image " + file + " declares a size of " + width + "x" + height
                    + " pixels; the file is damaged");
        }
        long max = LIMIT.value();
        // width and height are at most 2^31 each, so the product cannot overflow a long
        long pixels = width * height;
        if (pixels > max) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "image %s declares %dx%d pixels (%.1f MP), more than the limit of %.1f MP; shrink it "
                            + "first, or %s to a larger number of pixels",
                    file, width, height, pixels / 1e6, max / 1e6, LIMIT.howToChange()));
        }
    }
}
