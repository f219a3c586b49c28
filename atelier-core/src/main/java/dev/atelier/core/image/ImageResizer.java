package dev.atelier.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes images keeping their aspect ratio. Large reductions go down by halves with bilinear
 * filtering before the last step, which averages every source pixel (one bilinear step from far away
 * would sample a few and alias); enlargements use bicubic interpolation.
 */
public final class ImageResizer {
    private ImageResizer() {}

    /**
     * {@code image} scaled so that its longer side is {@code longSide} pixels, the other side in
     * proportion (rounded, at least 1). Returns the image itself when it already has that size.
     */
    public static BufferedImage fitLongSide(BufferedImage image, int longSide) {
        if (longSide < 1) {
            throw new IllegalArgumentException("long side must be at least 1 pixel, got " + longSide);
        }
        int[] size = sizeForLongSide(image.getWidth(), image.getHeight(), longSide);
        return resize(image, size[0], size[1]);
    }

    /**
     * The {@code {width, height}} that {@link #fitLongSide} gives an image of {@code width x height}:
     * lets callers check memory from an image's header before decoding it.
     */
    public static int[] sizeForLongSide(int width, int height, int longSide) {
        if (longSide < 1) {
            throw new IllegalArgumentException("long side must be at least 1 pixel, got " + longSide);
        }
        double scale = (double) longSide / Math.max(width, height);
        return new int[] {(int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(width * scale))),
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(height * scale)))};
    }

    /** {@code image} scaled to exactly {@code width} x {@code height}. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = ImageFiles.toRgb(image);
        if (current.getWidth() == width && current.getHeight() == height) {
            return current;
        }
        boolean enlarging = width > current.getWidth() || height > current.getHeight();
        while (!enlarging && (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height)) {
            current = draw(current, Math.max(width, current.getWidth() / 2),
                    Math.max(height, current.getHeight() / 2), RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() == width && current.getHeight() == height) {
            return current;
        }
        return draw(current, width, height, enlarging
                ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    private static BufferedImage draw(BufferedImage src, int width, int height, Object interpolation) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
