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
 * @param r1Gamma weight γ of the R1 penalty γ/2·E‖∇D(x)‖² on real images (used by {@link GanLoss#R1})
 * @param r1Every apply R1 every this many iterations, scaled by it (StyleGAN2's lazy regularisation)
 * @param loss the adversarial loss: R1 (Atelier's default) or the paper's WGAN-GP with drift
 * @param emaDecay β of the generator's weight average {@code ema ← raw + β·(ema − raw)} after every
 *     iteration (the paper's code: {@code G_smoothing} 0.999); in [0, 1), 0 makes it a copy of the raw weights
 * @param fadeReals while a resolution fades in with α, feed D {@code lerp(upsample(downsample(real)), real, α)}
 *     instead of the sharp reals (the paper's {@code process_reals}; on by default)
 * @param resetOptimizer zero both networks' Adam state when the layers in use change, at the start and at
 *     the end of each fade-in (the paper's {@code reset_opt_for_new_lod}; on by default)
 */
public record GanConfig(int latentSize, int[] channels, int batchSize, int stddevGroup, double r1Gamma, int r1Every,
        GanLoss loss, double emaDecay, boolean fadeReals, boolean resetOptimizer) {
    /** Number of resolutions: 4, 8, 16, 32. */
    public static final int LEVELS = 4;

    /** The paper's (and the default) decay of the generator's weight average, per iteration. */
    public static final double PAPER_EMA_DECAY = 0.999;

    /**
     * What {@code atelier gan train} uses: z of 64, channels 32-32-32-16, batch 32, R1 with γ 1 every 4,
     * EMA 0.999, faded reals and Adam reset on growth.
     */
    public static final GanConfig DEFAULT = new GanConfig(64, new int[] {32, 32, 32, 16}, 32, 4, 1.0, 4);

    /** A configuration with the R1 loss and the paper's EMA, real crossfade and optimizer reset. */
    public GanConfig(int latentSize, int[] channels, int batchSize, int stddevGroup, double r1Gamma, int r1Every) {
        this(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, GanLoss.R1, PAPER_EMA_DECAY, true, true);
    }

    public GanConfig {
        java.util.Objects.requireNonNull(loss, "loss");
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
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new InvalidInputException("the EMA decay must be in [0, 1), got " + emaDecay);
        }
    }

    /** This configuration with another loss. */
    public GanConfig withLoss(GanLoss value) {
        return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, value, emaDecay, fadeReals,
                resetOptimizer);
    }

    /** This configuration with another EMA decay. */
    public GanConfig withEmaDecay(double value) {
        return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, loss, value, fadeReals,
                resetOptimizer);
    }

    /** This configuration with the real-image crossfade on or off. */
    public GanConfig withFadeReals(boolean value) {
        return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, loss, emaDecay, value,
                resetOptimizer);
    }

    /** This configuration with the optimizer reset on growth on or off. */
    public GanConfig withResetOptimizer(boolean value) {
        return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, loss, emaDecay, fadeReals,
                value);
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
                && Double.compare(r1Gamma, g.r1Gamma) == 0 && r1Every == g.r1Every && loss == g.loss
                && Double.compare(emaDecay, g.emaDecay) == 0 && fadeReals == g.fadeReals
                && resetOptimizer == g.resetOptimizer;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels) * 31 + latentSize;
    }

    @Override
    public String toString() {
        return "z " + latentSize + ", channels " + Arrays.toString(channels) + ", batch " + batchSize
                + ", stddev group " + stddevGroup + ", loss " + loss.key()
                + (loss == GanLoss.R1 ? " (γ " + r1Gamma + " every " + r1Every + ")"
                        : " (λ " + WganGpPenalty.LAMBDA + ", drift " + WganGpPenalty.DRIFT + ")")
                + ", EMA " + emaDecay + ", real crossfade " + (fadeReals ? "on" : "off")
                + ", Adam reset on growth " + (resetOptimizer ? "on" : "off");
    }
}
