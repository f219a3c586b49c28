package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;

/**
 * How long a phase trains: a (possibly fractional) number of epochs of its dataset, or an exact
 * number of iterations (batches). Epochs become whole batches once, in
 * {@link TrainingSchedule#compile}.
 */
public sealed interface PhaseLength {
    /** {@code count} epochs of the phase's dataset; must be positive and finite. */
    record Epochs(double count) implements PhaseLength {
        public Epochs {
            if (!(count > 0) || Double.isInfinite(count)) {
                throw new InvalidInputException("a phase must last a positive number of epochs, got " + count);
            }
        }

        @Override
        public String toString() {
            return ScheduledValue.format(count) + (count == 1 ? " epoch" : " epochs");
        }
    }

    /** Exactly {@code count} iterations; must be positive. */
    record Iterations(long count) implements PhaseLength {
        public Iterations {
            if (count <= 0) {
                throw new InvalidInputException("a phase must last a positive number of iterations, got " + count);
            }
        }

        @Override
        public String toString() {
            return count + (count == 1 ? " iteration" : " iterations");
        }
    }
}
