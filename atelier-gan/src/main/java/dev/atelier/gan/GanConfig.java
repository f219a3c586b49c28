package dev.atelier.gan;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;

/**
 * The shape of a progressive GAN: latent size and the channels at each resolution 4, 8, 16, 32
 * (CPU-sized: the paper's 512 channels become tens), plus the training constants that are not
 * scheduled.
 *
 * @param latentSize length of the latent vector z
 * @param channels feature maps at 4×4, 8×8, 16×16 and 32×32 (index = level)
 * @param batchSize images per batch (real and generated)
 * @param stddevGroup group size of the minibatch-stddev layer (the paper's code uses 4)
 * @param r1Gamma weight γ of the R1 penalty γ/2·E‖∇D(x)‖² on real images
 * @param r1Every apply R1 every this many iterations, scaled by it (StyleGAN2's lazy regularisation)
 */
public record GanConfig(int latentSize, int[] channels, int batchSize, int stddevGroup, double r1Gamma, int r1Every) {
    /** Number of resolutions: 4, 8, 16, 32. */
    public static final int LEVELS = 4;

    /** What {@code atelier gan train} uses: z of 64, channels 32-32-32-16, batch 32, γ 1, R1 every 4. */
    public static final GanConfig DEFAULT = new GanConfig(64, new int[] {32, 32, 32, 16}, 32, 4, 1.0, 4);

    public GanConfig {
        channels = channels.clone();
        if (channels.length != LEVELS) {
            throw new InvalidInputException("give channels for 4 resolutions (4, 8, 16, 32), got " + channels.length);
        }
        for (int c : channels) {
            if (c < 1 || c > 1024) {
                throw new InvalidInputException("channels must be in 1..1024, got " + Arrays.toString(channels));
            }
        }
        if (latentSize < 1 || latentSize > 4096) {
            throw new InvalidInputException("latent size must be in 1..4096, got " + latentSize);
        }
        if (batchSize < 2 || batchSize > 4096) {
            throw new InvalidInputException("batch size must be in 2..4096 (the stddev layer needs 2), got " + batchSize);
        }
        if (stddevGroup < 2 || batchSize % Math.min(stddevGroup, batchSize) != 0) {
            throw new InvalidInputException("the stddev group (" + stddevGroup + ") must be at least 2 and divide the"
                    + " batch size " + batchSize);
        }
        if (!(r1Gamma >= 0) || Double.isInfinite(r1Gamma) || r1Every < 1) {
            throw new InvalidInputException("R1 needs γ ≥ 0 and an interval ≥ 1, got γ " + r1Gamma + " every " + r1Every);
        }
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** Channels at {@code level} (0 = 4×4). */
    public int channels(int level) {
        return channels[level];
    }

    /** Side of the images at {@code level}: 4 · 2^level. */
    public static int resolution(int level) {
        return 4 << level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GanConfig g && latentSize == g.latentSize && Arrays.equals(channels, g.channels)
                && batchSize == g.batchSize && stddevGroup == g.stddevGroup
                && Double.compare(r1Gamma, g.r1Gamma) == 0 && r1Every == g.r1Every;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels) * 31 + latentSize;
    }

    @Override
    public String toString() {
        return "z " + latentSize + ", channels " + Arrays.toString(channels) + ", batch " + batchSize
                + ", stddev group " + stddevGroup + ", R1 γ " + r1Gamma + " every " + r1Every;
    }
}
