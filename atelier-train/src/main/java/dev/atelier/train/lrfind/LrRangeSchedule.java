package dev.atelier.train.lrfind;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.DecayType;
import dev.atelier.train.schedule.TrainingPhase;

/**
 * The learning rates of a range test: a pure function of the iteration.
 *
 * <p>Iteration {@code k} of {@code n} (counted from 0) trains with
 * <ul>
 *   <li>exponential: {@code start * (end/start)^(k/n)}</li>
 *   <li>linear: {@code start + (end-start) * k/n}</li>
 * </ul>
 * so the first batch uses exactly {@code start} and {@code end} is where the curve arrives after the
 * last batch. That is the convention of every {@link TrainingPhase} ({@code pos = k/n}) and of
 * fastai v2's {@code LRFinder}: the range test is the phase {@link #toPhase()}, nothing special.
 *
 * <p>fastai's defaults (1e-7 to 10 over 100 batches) are {@code ScheduleSpec.Defaults.LR_FIND_*}.
 *
 * @param start learning rate of the first iteration, &gt; 0
 * @param end learning rate the schedule arrives at after the last iteration, &gt; start
 * @param iterations number of iterations (batches), at least 2
 * @param mode how the rate moves between them
 */
public record LrRangeSchedule(double start, double end, int iterations, LrRangeMode mode) {
    public LrRangeSchedule {
        if (!(start > 0) || !Double.isFinite(start)) {
            throw new InvalidInputException("lr-find start learning rate must be a positive number, got " + start);
        }
        if (!(end > start) || !Double.isFinite(end)) {
            throw new InvalidInputException(
                    "lr-find end learning rate must be greater than the start (" + start + "), got " + end);
        }
        if (iterations < 2) {
            throw new InvalidInputException("lr-find needs at least 2 iterations, got " + iterations);
        }
        if (mode == null) {
            throw new InvalidInputException("lr-find mode is required");
        }
    }

    /**
     * The number of iterations that covers {@code fraction} of an epoch of {@code batchesPerEpoch}
     * batches, rounded to the nearest whole batch (at least 2). Fractions above 1 run over several
     * epochs.
     */
    public static int iterationsForFraction(double fraction, int batchesPerEpoch) {
        if (!(fraction > 0) || !Double.isFinite(fraction)) {
            throw new InvalidInputException("lr-find epoch fraction must be positive, got " + fraction);
        }
        if (batchesPerEpoch < 1) {
            throw new InvalidInputException("an epoch must have at least one batch, got " + batchesPerEpoch);
        }
        long n = Math.round(fraction * batchesPerEpoch);
        if (n > Integer.MAX_VALUE) {
            throw new InvalidInputException("lr-find epoch fraction " + fraction + " gives too many iterations");
        }
        return (int) Math.max(2, n);
    }

    /** The learning rate iteration {@code k} (0-based) trains with. */
    public double lrAt(int k) {
        if (k < 0 || k >= iterations) {
            throw new IndexOutOfBoundsException("iteration " + k + " outside 0.." + (iterations - 1));
        }
        // the phase's own curve: the decay formulas live in DecayType, not here
        return toPhase().learningRates().get(0).at((double) k / iterations);
    }

    /**
     * This range test as a training phase: {@code iterations} batches, SGD with its default momentum
     * unless changed on the returned phase, learning rate from {@code start} to {@code end} with
     * {@link DecayType#EXPONENTIAL} or {@link DecayType#LINEAR}. Its batch {@code k} trains with
     * exactly {@link #lrAt lrAt(k)}.
     */
    public TrainingPhase toPhase() {
        DecayType decay = switch (mode) {
            case EXPONENTIAL -> DecayType.EXPONENTIAL;
            case LINEAR -> DecayType.LINEAR;
        };
        return TrainingPhase.iterations(iterations).optimizer(OptimizerKind.SGD).lr(start, end, decay);
    }

    /** All learning rates, one per iteration. */
    public double[] lrs() {
        double[] lrs = new double[iterations];
        var curve = toPhase().learningRates().get(0);
        for (int k = 0; k < iterations; k++) {
            lrs[k] = curve.at((double) k / iterations);
        }
        return lrs;
    }
}
