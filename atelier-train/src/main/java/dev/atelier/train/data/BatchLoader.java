package dev.atelier.train.data;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batches of an in-memory {@link ImageSet} with random access: batch {@code b} of epoch {@code e}
 * is a pure function of (seed, e, b). That makes a resumed run see exactly the batches the interrupted
 * one would have, and lets several phases share a data set mid-epoch.
 *
 * <p>Batches are built straight from the bytes into one float array (normalisation by table look-up,
 * crop and flip by index arithmetic) and handed to the engine in one copy, avoiding DJL's per-record
 * dataset pipeline.
 */
public final class BatchLoader {
    private final ImageSet images;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Augmentation augmentation;
    private final Normalization normalization;
    private final long seed;
    private final float[][] tables;

    private int cachedEpoch = -1;
    private int[] cachedOrder;

    private BatchLoader(Builder b) {
        this.images = b.images;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.augmentation = b.augmentation;
        this.normalization = b.normalization != null ? b.normalization : Normalization.of(b.images);
        this.seed = b.seed;
        this.tables = new float[images.channels()][];
        for (int c = 0; c < images.channels(); c++) {
            tables[c] = normalization.lookupTable(c);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageSet images() {
        return images;
    }

    public int batchSize() {
        return batchSize;
    }

    public Normalization normalization() {
        return normalization;
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    public long seed() {
        return seed;
    }

    /** Batches per pass over the data; the last, smaller one counts unless {@code dropLast}. */
    public int batchesPerEpoch() {
        int n = images.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Number of images the epoch's batch {@code index} holds. */
    public int batchLength(int index) {
        checkIndex(index);
        return Math.min(batchSize, images.size() - index * batchSize);
    }

    /**
     * Batch {@code index} of {@code epoch}, created in {@code manager}.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not below {@link #batchesPerEpoch()}
     */
    public Batch batch(NDManager manager, int epoch, int index) {
        int n = batchLength(index);
        int[] order = order(epoch);
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        int imageBytes = images.imageBytes();
        float[] out = new float[n * imageBytes];
        long[] labels = new long[n];
        byte[] px = images.pixels();
        int pad = augmentation.padding();
        for (int i = 0; i < n; i++) {
            int position = index * batchSize + i;
            int src = order[position];
            labels[i] = images.labels()[src];
            int dy = 0;
            int dx = 0;
            boolean flip = false;
            if (!augmentation.isNone()) {
                SplittableRandom rng = new SplittableRandom(mix(seed, epoch, position));
                if (pad > 0) {
                    dy = rng.nextInt(2 * pad + 1) - pad;
                    dx = rng.nextInt(2 * pad + 1) - pad;
                }
                flip = augmentation.horizontalFlip() && rng.nextBoolean();
            }
            copyImage(px, src * imageBytes, out, i * imageBytes, c, h, w, dy, dx, flip);
        }
        return new Batch(OwnedArrays.of(manager, out, new Shape(n, c, h, w)),
                OwnedArrays.of(manager, labels, new Shape(labels.length)));

    }

    /** Copies one image shifted by (dy, dx) (zero where it leaves the frame), optionally mirrored. */
    private void copyImage(byte[] px, int src, float[] out, int dst, int c, int h, int w, int dy, int dx,
            boolean flip) {
        for (int ch = 0; ch < c; ch++) {
            float[] table = tables[ch];
            float zero = table[0];
            int srcPlane = src + ch * h * w;
            int dstPlane = dst + ch * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                int row = dstPlane + y * w;
                if (sy < 0 || sy >= h) {
                    java.util.Arrays.fill(out, row, row + w, zero);
                    continue;
                }
                int srcRow = srcPlane + sy * w;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    out[row + x] = (sx < 0 || sx >= w) ? zero : table[px[srcRow + sx] & 0xff];
                }
            }
        }
    }

    /** The order images are visited in {@code epoch}: a seeded shuffle, or the stored order. */
    public synchronized int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (epoch != cachedEpoch) {
            int n = images.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (shuffle) {
                SplittableRandom rng = new SplittableRandom(mix(seed, epoch, -1));
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batchesPerEpoch());
        }
    }

    /** A well-spread 64-bit seed from three numbers (SplitMix64 finaliser over a simple combination). */
    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds a {@link BatchLoader}; {@code setImages} and {@code setBatchSize} are required. */
    public static final class Builder {
        private ImageSet images;
        private int batchSize;
        private boolean shuffle = true;
        private boolean dropLast;
        private Augmentation augmentation = Augmentation.NONE;
        private Normalization normalization;
        private long seed;

        private Builder() {}

        public Builder setImages(ImageSet images) {
            this.images = images;
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle every epoch (default true; use false for validation). */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop the last, smaller batch of each epoch (default false). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /** Default: computed from the images; pass the training set's for validation data. */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public BatchLoader build() {
            Objects.requireNonNull(images, "images are required (setImages)");
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            if (images.size() == 0) {
                throw new IllegalArgumentException("no images");
            }
            if (dropLast && images.size() < batchSize) {
                throw new IllegalArgumentException("with dropLast, " + images.size()
                        + " images make no batch of " + batchSize);
            }
            if (normalization != null && normalization.mean().length != images.channels()) {
                throw new IllegalArgumentException("normalization has " + normalization.mean().length
                        + " channels, images have " + images.channels());
            }
            return new BatchLoader(this);
        }
    }
}
