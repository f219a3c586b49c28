package dev.atelier.train.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dynamic loss scaling for fp16 training (Micikevicius et al. 2018, as in fastai's
 * {@code MixedPrecision} and PyTorch's {@code GradScaler}): the loss is multiplied by {@link #scale()}
 * before the backward pass so that small gradients do not underflow fp16; the gradients are divided
 * by it again in fp32 before the update. If any gradient came back infinite or NaN the step is
 * skipped and the scale halved; after {@code growthInterval} clean steps in a row it is doubled.
 *
 * <p>Not thread-safe: one scaler per learner.
 */
public final class LossScaler {
    /**
     * Initial scale. PyTorch starts at 2^16 with an fp32 loss; here the loss itself is fp16 (DJL's casts
     * cut the autograd graph, so the whole forward pass stays in fp16), and 2^16 times a loss of 2.3
     * overflows fp16's 65504 at once, so we start lower and let the scaler grow.
     */
    public static final double DEFAULT_INITIAL_SCALE = 1024;
    /** Clean steps before the scale doubles (PyTorch: 2000; fastai v1: 1000). */
    public static final int DEFAULT_GROWTH_INTERVAL = 1000;
    /** The scale never falls below this: a loss that overflows at scale 1 is a diverged loss. */
    public static final double MIN_SCALE = 1;
    private static final double MAX_SCALE = 0x1p24;

    private double scale;
    private final int growthInterval;
    private int cleanSteps;
    private long skippedSteps;

    /** A scaler starting at {@code initialScale}, doubling after {@code growthInterval} clean steps. */
    public LossScaler(double initialScale, int growthInterval) {
        if (!(initialScale >= MIN_SCALE) || !Double.isFinite(initialScale)) {
            throw new IllegalArgumentException("initial loss scale must be a finite number >= " + MIN_SCALE
                    + ", got " + initialScale);
        }
        if (growthInterval < 1) {
            throw new IllegalArgumentException("growth interval must be at least 1, got " + growthInterval);
        }
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    /** {@link #DEFAULT_INITIAL_SCALE}, {@link #DEFAULT_GROWTH_INTERVAL}. */
    public static LossScaler defaults() {
        return new LossScaler(DEFAULT_INITIAL_SCALE, DEFAULT_GROWTH_INTERVAL);
    }

    /** The factor the loss is multiplied by before the backward pass. */
    public double scale() {
        return scale;
    }

    /** Steps skipped so far because a gradient overflowed. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** What a checkpoint must keep for a resumed fp16 run to scale exactly as the uninterrupted one. */
    public State state() {
        return new State(scale, cleanSteps, skippedSteps);
    }

    /**
     * Continues from {@code saved} (a checkpoint's scaler): its scale, its count of clean steps towards
     * the next doubling and its count of skipped steps. The growth interval stays this scaler's own.
     */
    public void restore(State saved) {
        scale = saved.scale();
        cleanSteps = saved.cleanSteps();
        skippedSteps = saved.skippedSteps();
    }

    /**
     * A scaler's moving parts.
     *
     * @param scale the factor the next loss is multiplied by
     * @param cleanSteps clean steps in a row since the last change of the scale
     * @param skippedSteps steps skipped so far because a gradient overflowed
     */
    public record State(double scale, int cleanSteps, long skippedSteps) {
        /** @throws InvalidInputException when a value is out of range (a damaged checkpoint) */
        public State {
            if (!(scale >= MIN_SCALE && scale <= MAX_SCALE) || cleanSteps < 0 || skippedSteps < 0) {
                throw new InvalidInputException("loss scaler state out of range: scale " + scale + " (" + MIN_SCALE
                        + ".." + MAX_SCALE + "), clean steps " + cleanSteps + ", skipped steps " + skippedSteps);
            }
        }
    }

    /**
     * The true gradients, as fp32 copies of {@code scaledGradients} divided by the scale, if every one
     * is finite; then the step counts as clean (and the scale may grow). Otherwise empty: the step must
     * be skipped, and the scale is halved. The copies belong to the manager of their source arrays.
     */
    public Optional<List<NDArray>> unscale(List<NDArray> scaledGradients) {
        List<NDArray> out = new ArrayList<>(scaledGradients.size());
        boolean finite = true;
        for (NDArray g : scaledGradients) {
            NDArray g32 = g.toType(DataType.FLOAT32, true);
            out.add(g32);
            if (finite && !isFinite(g32)) {
                finite = false;
            }
        }
        if (!finite) {
            out.forEach(NDArray::close);
            overflow();
            return Optional.empty();
        }
        out.replaceAll(g -> {
            NDArray unscaled = g.div(scale);
            g.close();
            return unscaled;
        });
        clean();
        return Optional.of(out);
    }

    /** Records an overflowing step: halve the scale, restart the clean count. */
    void overflow() {
        skippedSteps++;
        scale = Math.max(MIN_SCALE, scale / 2);
        cleanSteps = 0;
    }

    /** Records a clean step: after {@code growthInterval} of them in a row, double the scale. */
    void clean() {
        if (++cleanSteps >= growthInterval) {
            scale = Math.min(MAX_SCALE, scale * 2);
            cleanSteps = 0;
        }
    }

    private static boolean isFinite(NDArray a) {
        // sum is non-finite iff some element is (or the sum overflows fp32, which is an overflow too)
        try (NDArray sum = a.sum()) {
            return Float.isFinite(sum.getFloat());
        }
    }
}
