package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.DecayType;
import dev.atelier.train.schedule.PhaseLength;
import dev.atelier.train.schedule.TrainingPhase;
import java.util.ArrayList;
import java.util.List;

/**
 * An own learning rate for the SWA period, like PyTorch's {@code SWALR} (without its annealing ramp):
 * the SWA period becomes extra phases after the fit's own, with the same optimizer, momentum and
 * weight decay as the template phase and this learning rate for every layer group. Without one, the
 * SWA period simply follows the fit's schedule (fastai 0.7's behaviour).
 */
public sealed interface SwaLearningRate {

    /** One constant learning rate for the whole period. */
    record Constant(double lr) implements SwaLearningRate {
        public Constant {
            requirePositive(lr);
        }
    }

    /**
     * A cyclic rate as in the SWA paper: each averaging cycle of {@code c} batches is one linear phase
     * from {@code max} down to {@code min}, so batch {@code j} (from 0) trains with
     * {@code max + (min - max) * j/c} and the schedule arrives at {@code min} when the average is taken
     * (the phases' {@code pos = j/n} convention; the paper's {@code t = (j+1)/c} is the same curve one
     * batch earlier).
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

    /**
     * The phases of an SWA period of {@code iterations} batches with this learning rate; {@code cycle} is
     * the averaging period in batches (used by {@link Cyclic}; a last, shorter cycle keeps the slope).
     */
    default List<TrainingPhase> phases(TrainingPhase template, long iterations, long cycle) {
        if (iterations < 1 || cycle < 1) {
            throw new InvalidInputException("an SWA period needs at least one batch and a cycle of at least one");
        }
        List<TrainingPhase> out = new ArrayList<>();
        if (this instanceof Constant c) {
            out.add(template.length(new PhaseLength.Iterations(iterations)).lr(c.lr()));
        } else if (this instanceof Cyclic c) {
            for (long done = 0; done < iterations; done += cycle) {
                long n = Math.min(cycle, iterations - done);
                double end = c.max() + (c.min() - c.max()) * n / cycle;
                out.add(template.length(new PhaseLength.Iterations(n)).lr(c.max(), end, DecayType.LINEAR));
            }
        }
        return List.copyOf(out);
    }

    private static void requirePositive(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidInputException("SWA learning rate must be a positive number, got " + lr);
        }
    }
}
