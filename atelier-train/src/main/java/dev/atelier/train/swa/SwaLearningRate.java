package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;

/**
 * The learning rate during the SWA period, replacing the fit's own schedule for every layer group
 * (like PyTorch's {@code SWALR}, without its annealing ramp).
 */
public sealed interface SwaLearningRate {
    /** Keep the fit's own schedule (fastai 0.7's behaviour). */
    record FromSchedule() implements SwaLearningRate {}

    /** One constant learning rate for the whole period. */
    record Constant(double lr) implements SwaLearningRate {
        public Constant {
            requirePositive(lr);
        }
    }

    /**
     * The SWA paper's cyclic rate: within each cycle of {@code c} batches (the averaging period),
     * batch {@code j} (from 0) trains with {@code (1-t)*max + t*min}, {@code t = (j+1)/c}, so the last
     * batch before each average uses {@code min}.
     */
    record Cyclic(double max, double min) implements SwaLearningRate {
        public Cyclic {
            requirePositive(max);
            requirePositive(min);
            if (min > max) {
                throw new InvalidInputException("cyclic SWA lr needs min <= max, got " + min + " > " + max);
            }
        }
    }

    private static void requirePositive(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidInputException("SWA learning rate must be a positive number, got " + lr);
        }
    }
}
