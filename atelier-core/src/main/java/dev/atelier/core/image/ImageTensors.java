package dev.atelier.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.core.tensor.OwnedArrays;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Images to and from float32 tensors: RGB, channels first, values in [0, 1], not normalised (see
 * {@link ImageNetNormalization} for that).
 */
public final class ImageTensors {
    private ImageTensors() {}

    /** {@code image} as a {@code (1, 3, H, W)} float32 array in [0, 1], owned by {@code manager}. */
    public static NDArray toArray(BufferedImage image, NDManager manager) {
        BufferedImage rgb = ImageFiles.toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        ImagePlanes.requireFits(w, h);
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] data = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = pixels[i];
            data[i] = ((p >> 16) & 0xff) / 255f;
            data[plane + i] = ((p >> 8) & 0xff) / 255f;
            data[2 * plane + i] = (p & 0xff) / 255f;
        }
        return OwnedArrays.of(manager, data, new Shape(1, 3, h, w));

    }

    /**
     * An array {@code (1, 3, H, W)} or {@code (3, H, W)} of values in [0, 1] as an 8-bit RGB image;
     * values outside [0, 1] are clipped.
     */
    public static BufferedImage toImage(NDArray array) {
        Shape s = array.getShape();
        boolean batched = s.dimension() == 4 && s.get(0) == 1;
        if (!(batched || s.dimension() == 3) || s.get(s.dimension() - 3) != 3) {
            throw new IllegalArgumentException("expected an RGB image (1, 3, H, W) or (3, H, W), got " + s);
        }
        int h = Math.toIntExact(s.get(s.dimension() - 2));
        int w = Math.toIntExact(s.get(s.dimension() - 1));
        float[] data = array.getDataType() == DataType.FLOAT32
                ? array.toFloatArray() : array.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = w * h;
        int[] pixels = new int[plane];
        for (int i = 0; i < plane; i++) {
            pixels[i] = (toByte(data[i]) << 16) | (toByte(data[plane + i]) << 8) | toByte(data[2 * plane + i]);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, pixels, 0, w);
        return img;
    }

    /**
     * Reads an image file at its own size as {@code (1, 3, H, W)} in [0, 1]; the heap for the decode and
     * the float copy is reserved from {@link DecodeBudget} first.
     */
    public static NDArray load(Path file, NDManager manager) {
        ImageHeader h = ImageFiles.header(file);
        try (DecodeBudget.Reservation heap = DecodeBudget.reserve(file.toString(), h.width(), h.height())) {
            return toArray(ImageFiles.read(file), manager);
        }
    }

    /**
     * Reads an image file resized so that its longer side is {@code longSide}, aspect ratio kept; the
     * heap is reserved for the larger of the file's and the resized size.
     */
    public static NDArray load(Path file, int longSide, NDManager manager) {
        ImageHeader h = ImageFiles.header(file);
        int[] wh = ImageResizer.sizeForLongSide(h.width(), h.height(), longSide);
        try (DecodeBudget.Reservation heap = DecodeBudget.reserve(file.toString(),
                Math.max(h.width(), wh[0]), Math.max(h.height(), wh[1]))) {
            return toArray(ImageResizer.fitLongSide(ImageFiles.read(file), longSide), manager);
        }
    }

    /** Writes {@code (1, 3, H, W)} or {@code (3, H, W)} values in [0, 1] as PNG or JPEG, atomically. */
    public static void save(NDArray array, Path file) throws IOException {
        ImageFiles.formatOf(file);
        ImageFiles.write(toImage(array), file);
    }

    private static int toByte(float v) {
        if (!(v > 0)) {
            return 0; // also NaN
        }
        return v >= 1 ? 255 : Math.round(v * 255f);
    }
}
