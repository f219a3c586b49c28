package dev.atelier.stylenet;

import dev.atelier.core.SettingException;

/**
 * How long and on what a style network trains; every value is checked here, so a front end only
 * renders the {@link SettingException} (its key names the setting).
 *
 * @param architecture the network's shape
 * @param size the side of the square training crops, in pixels
 * @param paintSize the size of the pictures the network is for: the photos are scaled so their short side is
 *     this before the crops are cut, and the style is scale-matched to a picture of this side, so the network
 *     paints the style's strokes at the size {@code stylize} would give a picture of this size
 * @param batchSize photos per batch
 * @param iterations batches in all
 * @param lr the peak learning rate of the 1cycle schedule (Adam)
 * @param seed seeds the network's initialisation and the order of the crops
 */
public record StyleNetTraining(StyleNetArchitecture architecture, int size, int paintSize, int batchSize,
        long iterations, double lr, long seed) {
    /** Crop side used when none is given: the paper's 256. */
    public static final int DEFAULT_SIZE = 256;
    /**
     * The pictures a network is made for when none is said: the size the issue judges networks at, and a
     * little above {@code stylize}'s default. A network trained at the crop size (the paper's 256) and applied
     * at 512 paints strokes half the size the style has at 512, which the judge reads as a style loss about
     * twice as far from the optimisation's (docs/style-nets.md).
     */
    public static final int DEFAULT_PAINT_SIZE = 512;
    /** The paper's batch is 4. */
    public static final int DEFAULT_BATCH = 4;
    public static final long DEFAULT_ITERATIONS = 1000;
    /** Adam at 1e-3, the paper's rate, is the 1cycle's start and end; its peak is twice that. */
    public static final double DEFAULT_LR = 2e-3;
    /** The smallest crop: half of it (the first phase) must still hold VGG's deepest default layer. */
    public static final int MIN_SIZE = 32;
    public static final int MAX_SIZE = 2048;

    /** @throws SettingException naming the first value out of range */
    public StyleNetTraining {
        if (size < MIN_SIZE || size > MAX_SIZE || size % 2 != 0) {
            throw new SettingException("size", "must be an even number of pixels in " + MIN_SIZE + ".." + MAX_SIZE
                    + ", got " + size);
        }
        // the style goes through VGG once at the paint size: 2048 px keeps that pass within a few GB
        if (paintSize < size || paintSize > MAX_SIZE) {
            throw new SettingException("paint_size", "must be at least the crop size (" + size + ") and at most "
                    + MAX_SIZE + " pixels, got " + paintSize);
        }
        if (batchSize < 1 || batchSize > 256) {
            throw new SettingException("batch", "must be in 1..256, got " + batchSize);
        }
        if (iterations < 1 || iterations > 100_000_000L) {
            throw new SettingException("iterations", "must be at least 1, got " + iterations);
        }
        if (!(lr > 0 && lr < 1)) {
            throw new SettingException("lr", "must be in (0, 1), got " + lr);
        }
    }

    /** The default training of {@code architecture}. */
    public static StyleNetTraining defaults(StyleNetArchitecture architecture) {
        return new StyleNetTraining(architecture, DEFAULT_SIZE, DEFAULT_PAINT_SIZE, DEFAULT_BATCH, DEFAULT_ITERATIONS,
                DEFAULT_LR, 1);
    }

    public StyleNetTraining withIterations(long value) {
        return new StyleNetTraining(architecture, size, paintSize, batchSize, value, lr, seed);
    }
}
