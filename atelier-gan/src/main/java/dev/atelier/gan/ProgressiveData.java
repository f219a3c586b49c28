package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.train.data.ImageSet;
import java.util.Random;

/**
 * Real images for every resolution from one greyscale set: each image is centred on a 32×32 canvas
 * (Fashion-MNIST's 28×28 gets a 2-pixel border, as in the issue), mapped to [−1, 1], and
 * average-pooled down to the phase's side. Batch {@code b} of a dataset is a pure function of the
 * seed, the dataset key and {@code b} (a fresh shuffle per epoch), so resuming needs no data state.
 */
public final class ProgressiveData {
    /** The full resolution. */
    public static final int SIDE = 32;

    private final ImageSet images;
    private final int batchSize;
    private final long seed;

    public ProgressiveData(ImageSet images, int batchSize, long seed) {
        if (images.channels() != 1 || images.height() > SIDE || images.width() > SIDE) {
            throw new InvalidInputException("the GAN trains on greyscale images of at most 32×32, got "
                    + images.channels() + "×" + images.height() + "×" + images.width());
        }
        if (images.size() < batchSize) {
            throw new InvalidInputException("the data set has " + images.size() + " images, fewer than one batch of "
                    + batchSize);
        }
        this.images = images;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Whole batches per epoch (the last partial batch is dropped, as every batch must be full). */
    public long batchesPerEpoch() {
        return images.size() / batchSize;
    }

    public int size() {
        return images.size();
    }

    /** Batch {@code b} of dataset {@code key}, as (batch, 1, side, side) in [−1, 1]. */
    public NDArray batch(NDManager manager, String key, long b, int side) {
        long perEpoch = batchesPerEpoch();
        long epoch = b / perEpoch;
        int[] order = permutation(images.size(), seed * 1_000_003L + key.hashCode() * 31L + epoch);
        int first = Math.toIntExact((b % perEpoch) * batchSize);
        float[] out = new float[batchSize * side * side];
        float[] canvas = new float[SIDE * SIDE];
        for (int i = 0; i < batchSize; i++) {
            canvas(order[first + i], canvas);
            pool(canvas, side, out, i * side * side);
        }
        return OwnedArrays.of(manager, out, new Shape(batchSize, 1, side, side));
    }

    /** {@code count} images from index {@code start}, in order, at 32×32 (for scores and tests). */
    public float[] images(int start, int count) {
        float[] out = new float[count * SIDE * SIDE];
        float[] canvas = new float[SIDE * SIDE];
        for (int i = 0; i < count; i++) {
            canvas(start + i, canvas);
            System.arraycopy(canvas, 0, out, i * SIDE * SIDE, canvas.length);
        }
        return out;
    }

    private void canvas(int index, float[] canvas) {
        java.util.Arrays.fill(canvas, -1f);
        int h = images.height();
        int w = images.width();
        int top = (SIDE - h) / 2;
        int left = (SIDE - w) / 2;
        byte[] px = images.pixels();
        int base = index * h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                canvas[(top + y) * SIDE + left + x] = (px[base + y * w + x] & 0xff) / 127.5f - 1f;
            }
        }
    }

    /** Average pooling of a 32×32 canvas to {@code side}×{@code side} (what {@link Layers#downsample} does). */
    static void pool(float[] canvas, int side, float[] out, int offset) {
        int f = SIDE / side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double sum = 0;
                for (int dy = 0; dy < f; dy++) {
                    for (int dx = 0; dx < f; dx++) {
                        sum += canvas[(y * f + dy) * SIDE + x * f + dx];
                    }
                }
                out[offset + y * side + x] = (float) (sum / (f * f));
            }
        }
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
