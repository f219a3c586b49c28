package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;
import java.util.function.LongUnaryOperator;

/** Where the SWA period of a fit begins. */
public sealed interface SwaStart {
    /**
     * At the beginning of epoch {@code epoch} (counted from 1): the epochs before it train normally,
     * and with per-epoch averaging the model at the end of epoch {@code epoch} is the first averaged
     * (fastai 0.7's {@code swa_start}: {@code --swa-start 3} on 5 epochs averages epochs 3, 4, 5).
     */
    record AtEpoch(int epoch) implements SwaStart {
        public AtEpoch {
            if (epoch < 1) {
                throw new InvalidInputException("SWA start epoch counts from 1, got " + epoch);
            }
        }

        @Override
        public long startIteration(LongUnaryOperator iterationsAtEndOfEpoch) {
            return epoch == 1 ? 0 : iterationsAtEndOfEpoch.applyAsLong(epoch - 1);
        }
    }

    /** After {@code iteration} batches of the fit (0 = from the first batch). */
    record AtIteration(long iteration) implements SwaStart {
        public AtIteration {
            if (iteration < 0) {
                throw new InvalidInputException("SWA start iteration must be >= 0, got " + iteration);
            }
        }

        @Override
        public long startIteration(LongUnaryOperator iterationsAtEndOfEpoch) {
            return iteration;
        }
    }

    public static SwaStart epoch(int epoch) {
        return new AtEpoch(epoch);
    }

    public static SwaStart iteration(long iteration) {
        return new AtIteration(iteration);
    }

    /**
     * Batches trained before the SWA period, given how many batches the fit has done at the end of
     * each epoch (1-based).
     */
    long startIteration(LongUnaryOperator iterationsAtEndOfEpoch);
}
