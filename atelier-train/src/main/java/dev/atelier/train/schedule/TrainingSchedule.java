package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.HyperParameters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A list of phases laid out on the iteration axis, answering "which hyper-parameters does batch k
 * train with?" without training anything: the Learner, the plots, the {@code schedule show} table
 * and the DJL {@link ScheduleTracker} all ask the same pure {@link #valueAt(long)}.
 *
 * <h2>Iteration accounting</h2>
 * Fractional epochs become whole batches once, in {@link #compile}. Lengths are rounded on the
 * <em>cumulative</em> epoch count of each dataset, half up: a phase ending after {@code c} epochs of
 * dataset {@code d} ends at batch {@code round(c · batchesPerEpoch(d))} of that dataset. So the phases
 * on one dataset add up to exactly {@code round(total epochs · batchesPerEpoch)} and fractions never
 * accumulate into drift (three phases of ⅓ epoch over 10 batches get 3, 4 and 3 batches, not 3+3+3).
 * A phase whose share rounds to zero batches gets one: a phase is never skipped. Iteration-length
 * phases keep their exact length. Rounding uses the decimal value the user wrote ({@code 0.1} epochs of
 * 235 batches is 23.5, rounded to 24), not its binary approximation.
 */
public final class TrainingSchedule {
    private final List<CompiledPhase> phases;
    private final long totalIterations;
    private final int layerGroups;

    private TrainingSchedule(List<CompiledPhase> phases, long totalIterations, int layerGroups) {
        this.phases = List.copyOf(phases);
        this.totalIterations = totalIterations;
        this.layerGroups = layerGroups;
    }

    /**
     * Lays {@code phases} out on the iteration axis.
     *
     * @param phases the phases, in training order; at least one
     * @param batchesPerEpoch batches in one epoch of the dataset with the given key (asked once per key)
     * @param layerGroups the model's number of layer groups; every phase's learning rates must be one
     *     value or exactly this many
     * @throws InvalidInputException for anything the user can fix (missing lr, wrong group count, ...)
     */
    public static TrainingSchedule compile(List<TrainingPhase> phases, ToLongFunction<String> batchesPerEpoch,
            int layerGroups) {
        if (phases.isEmpty()) {
            throw new InvalidInputException("a schedule needs at least one phase");
        }
        if (layerGroups < 1) {
            throw new InvalidInputException("a model needs at least one layer group, got " + layerGroups);
        }
        Map<String, Long> epochBatches = new HashMap<>();
        Map<String, BigDecimal> epochsSoFar = new HashMap<>();
        List<CompiledPhase> compiled = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < phases.size(); i++) {
            TrainingPhase p = phases.get(i);
            String where = "phase " + (i + 1) + " (" + p.length() + ")";
            long n;
            long perEpoch = 0;
            if (p.length() instanceof PhaseLength.Iterations it) {
                n = it.count();
            } else {
                double epochs = ((PhaseLength.Epochs) p.length()).count();
                perEpoch = epochBatches.computeIfAbsent(p.data(), key -> {
                    long b = batchesPerEpoch.applyAsLong(key);
                    if (b <= 0) {
                        throw new InvalidInputException(where + ": dataset '" + key + "' has " + b + " batches per epoch");
                    }
                    return b;
                });
                BigDecimal before = epochsSoFar.getOrDefault(p.data(), BigDecimal.ZERO);
                BigDecimal after = before.add(new BigDecimal(Double.toString(epochs)));
                epochsSoFar.put(p.data(), after);
                n = roundedBatches(after, perEpoch) - roundedBatches(before, perEpoch);
                n = Math.max(1, n);
            }
            List<ScheduledValue> lrs = groupLearningRates(p, layerGroups, where);
            validateMomentum(p, where);
            if (p.weightDecay().start() < 0 || p.weightDecay().end() < 0) {
                throw new InvalidInputException(where + ": weight decay must not be negative, got " + p.weightDecay());
            }
            compiled.add(new CompiledPhase(i, p, start, n, perEpoch, lrs, p.effectiveMomentum(), p.weightDecay()));
            try {
                start = Math.addExact(start, n);
            } catch (ArithmeticException e) {
                throw new InvalidInputException("the schedule is longer than " + Long.MAX_VALUE + " iterations");
            }
        }
        long sum = compiled.stream().mapToLong(CompiledPhase::iterations).sum();
        if (sum != start) {
            throw new IllegalStateException("phase lengths add up to " + sum + " but the schedule ends at " + start);
        }
        return new TrainingSchedule(compiled, start, layerGroups);
    }

    /** Same as {@link #compile(List, ToLongFunction, int)} with one dataset size for every key. */
    public static TrainingSchedule compile(List<TrainingPhase> phases, long batchesPerEpoch, int layerGroups) {
        return compile(phases, key -> batchesPerEpoch, layerGroups);
    }

    private static long roundedBatches(BigDecimal epochs, long perEpoch) {
        return epochs.multiply(BigDecimal.valueOf(perEpoch)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static List<ScheduledValue> groupLearningRates(TrainingPhase p, int groups, String where) {
        List<ScheduledValue> given = p.learningRates();
        if (given.isEmpty()) {
            throw new InvalidInputException(where + ": no learning rate given");
        }
        for (ScheduledValue v : given) {
            if (v.start() < 0 || v.end() < 0) {
                throw new InvalidInputException(where + ": learning rates must not be negative, got " + v);
            }
        }
        if (given.size() == groups) {
            if (groups > 1 && p.groupRatio() != 1) {
                throw new InvalidInputException(where + ": give either one lr per layer group or a groupRatio, not both");
            }
            return given;
        }
        if (given.size() != 1) {
            throw new InvalidInputException(where + ": lr has " + given.size() + " values but the model has "
                    + groups + " layer group" + (groups == 1 ? "" : "s"));
        }
        List<ScheduledValue> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(given.get(0).scaled(Math.pow(p.groupRatio(), -(groups - 1 - g))));
        }
        return out;
    }

    private static void validateMomentum(TrainingPhase p, String where) {
        ScheduledValue m = p.effectiveMomentum();
        double lo = Math.min(m.start(), m.end());
        double hi = Math.max(m.start(), m.end());
        if (lo < 0 || hi >= 1) {
            String name = p.optimizer().isAdamType() ? "beta1" : "momentum";
            throw new InvalidInputException(where + ": " + name + " must be in [0, 1), got " + m);
        }
    }

    /** The phases with their iteration ranges, in order. */
    public List<CompiledPhase> phases() {
        return phases;
    }

    /** Number of batches the whole schedule trains. */
    public long totalIterations() {
        return totalIterations;
    }

    /** Number of layer groups every {@link HyperParameters#lr()} has. */
    public int layerGroups() {
        return layerGroups;
    }

    /**
     * Index of the phase that trains batch {@code iteration}; {@code totalIterations()} maps to the last
     * phase (the point where its curves end).
     */
    public int phaseIndexAt(long iteration) {
        if (iteration < 0 || iteration > totalIterations) {
            throw new IllegalArgumentException("iteration " + iteration + " is outside the schedule (0.." + totalIterations + ")");
        }
        int lo = 0;
        int hi = phases.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (phases.get(mid).startIteration() <= iteration) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The phase that trains batch {@code iteration} (see {@link #phaseIndexAt}). */
    public CompiledPhase phaseAt(long iteration) {
        return phases.get(phaseIndexAt(iteration));
    }

    /**
     * The hyper-parameters batch {@code iteration} (from 0) trains with. Batch {@code k} of a phase of
     * {@code n} batches uses {@code pos = k/n}; {@code valueAt(totalIterations())} gives the final end
     * values, where the last phase's curves arrive (useful for plots; no batch trains with them).
     */
    public HyperParameters valueAt(long iteration) {
        CompiledPhase p = phaseAt(iteration);
        return p.valueAt(iteration - p.startIteration());
    }

    /** One line per phase: iterations, optimizer and schedules, for logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (CompiledPhase p : phases) {
            sb.append(String.format("phase %d: iterations %d..%d (%d): %s%n", p.index() + 1, p.startIteration(),
                    p.endIteration() - 1, p.iterations(), p.phase().describe()));
        }
        sb.append("total: ").append(totalIterations).append(" iterations");
        return sb.toString();
    }
}
