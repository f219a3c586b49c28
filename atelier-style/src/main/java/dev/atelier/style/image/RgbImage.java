package dev.atelier.style.image;

import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.image.ImageHeader;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.core.image.ImagePlanes;
import dev.atelier.core.image.ImageResizer;
import dev.atelier.core.io.FilePair;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An RGB image as planar floats in [0, 1], channel-major ({@code C, H, W}): the layout tensors use.
 *
 * @param width pixels across
 * @param height pixels down
 * @param pixels {@code 3 * height * width} values, red plane, then green, then blue
 */
public record RgbImage(int width, int height, float[] pixels) {
    public RgbImage {
        if (width < 1 || height < 1 || pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs "
                    + 3L * width * height + " values, got " + pixels.length);
        }
    }

    /** The colour planes of {@code image}, whatever its storage type (alpha is dropped). */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ImagePlanes.requireFits(w, h);
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] p = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            int c = argb[i];
            p[i] = ((c >> 16) & 0xff) / 255f;
            p[plane + i] = ((c >> 8) & 0xff) / 255f;
            p[2 * plane + i] = (c & 0xff) / 255f;
        }
        return new RgbImage(w, h, p);
    }

    /** An 8-bit RGB image, values clamped to [0, 1] and rounded. */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (toByte(pixels[i]) << 16) | (toByte(pixels[plane + i]) << 8) | toByte(pixels[2 * plane + i]);
        }
        out.setRGB(0, 0, width, height, rgb, 0, width);
        return out;
    }

    /**
     * Reads an image file (see {@link ImageFiles#read}); the heap for the decode and the float planes is
     * reserved from {@link DecodeBudget} first.
     *
     * @throws dev.atelier.core.InvalidInputException when it is missing, corrupt or not an image
     */
    public static RgbImage read(Path file) {
        ImageHeader h = ImageFiles.header(file);
        try (DecodeBudget.Reservation heap = DecodeBudget.reserve(file.toString(), h.width(), h.height())) {
            return of(ImageFiles.read(file));
        }
    }

    /** Writes this image as PNG or JPEG by extension, atomically (see {@link ImageFiles#write}). */
    public void write(Path file) throws IOException {
        ImageFiles.write(toBufferedImage(), file);
    }

    /**
     * Writes this image as PNG or JPEG by extension together with its sidecar {@code companion}, as a pair:
     * both new, or neither touched (see {@link FilePair}).
     */
    public void writeWith(Path file, Path companion, byte[] companionBytes) throws IOException {
        FilePair.write(file, ImageFiles.encoder(toBufferedImage(), file), companion, companionBytes);
    }

    /** This image scaled to exactly {@code width x height} (see {@link ImageResizer#resize}). */
    public RgbImage resized(int width, int height) {
        if (width == this.width && height == this.height) {
            return this;
        }
        return of(ImageResizer.resize(toBufferedImage(), width, height));
    }

    /** The centred {@code width x height} window of this image (each at most the image's own). */
    public RgbImage centreCrop(int width, int height) {
        int w = Math.min(width, this.width());
        int h = Math.min(height, this.height());
        if (w == this.width() && h == this.height()) {
            return this;
        }
        int x0 = (this.width() - w) / 2;
        int y0 = (this.height() - h) / 2;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(this.pixels(), (c * this.height() + y0 + y) * this.width() + x0,
                        out, (c * h + y) * w, w);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** This image with every value clamped to [0, 1] (NaN to 0): what can be displayed. */
    public RgbImage clipped() {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            float v = pixels[i];
            out[i] = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        }
        return new RgbImage(width, height, out);
    }

    /** The longer of width and height. */
    public int longSide() {
        return Math.max(width, height);
    }

    private static int toByte(float v) {
        float c = Float.isNaN(v) ? 0 : Math.max(0f, Math.min(1f, v));
        return Math.round(c * 255f);
    }
}
