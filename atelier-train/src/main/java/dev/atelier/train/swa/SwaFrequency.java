package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;

/** How often the SWA average takes in the current weights. */
public sealed interface SwaFrequency {
    /** At the end of every epoch of the SWA period (the default, as fastai 0.7 and the SWA paper). */
    record EveryEpoch() implements SwaFrequency {}

    /** After every {@code iterations} batches of the SWA period. */
    record EveryIterations(long iterations) implements SwaFrequency {
        public EveryIterations {
            if (iterations < 1) {
                throw new InvalidInputException("SWA update period must be at least 1 iteration, got " + iterations);
            }
        }
    }

    public static SwaFrequency everyEpoch() {
        return new EveryEpoch();
    }

    public static SwaFrequency everyIterations(long iterations) {
        return new EveryIterations(iterations);
    }
}
