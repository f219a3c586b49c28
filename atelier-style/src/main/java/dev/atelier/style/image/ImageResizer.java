package dev.atelier.style.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes images with good quality both ways: repeated halving with bilinear filtering when shrinking
 * (one bilinear pass from far away aliases badly), bicubic when enlarging.
 */
public final class ImageResizer {
    private ImageResizer() {}

    /** {@code image} scaled so that its longer side is {@code longSide}, keeping the aspect ratio. */
    public static RgbImage toLongSide(RgbImage image, int longSide) {
        double f = (double) longSide / image.longSide();
        int w = Math.max(1, (int) Math.round(image.width() * f));
        int h = Math.max(1, (int) Math.round(image.height() * f));
        return resize(image, w, h);
    }

    /** {@code image} scaled to exactly {@code width x height}. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        if (width == image.width() && height == image.height()) {
            return image;
        }
        BufferedImage current = image.toBufferedImage();
        int w = current.getWidth();
        int h = current.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        Object hint = width > w || height > h
                ? RenderingHints.VALUE_INTERPOLATION_BICUBIC
                : RenderingHints.VALUE_INTERPOLATION_BILINEAR;
        return RgbImage.of(draw(current, width, height, hint));
    }

    /** The centred {@code width x height} window of {@code image} (each at most the image's own). */
    public static RgbImage centreCrop(RgbImage image, int width, int height) {
        int w = Math.min(width, image.width());
        int h = Math.min(height, image.height());
        if (w == image.width() && h == image.height()) {
            return image;
        }
        int x0 = (image.width() - w) / 2;
        int y0 = (image.height() - h) / 2;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.pixels(), (c * image.height() + y0 + y) * image.width() + x0,
                        out, (c * h + y) * w, w);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
