package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.limits.TrainingLimits;
import dev.atelier.train.optim.HyperParameters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * A phase whose share rounds to zero batches gets one, taken from the following phases of its dataset
 * (or, at the end, from the preceding ones), so the total still holds: a phase is never skipped, and a
 * dataset with fewer batches than phases is refused. Iteration-length
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
        for (int i = 0; i < phases.size(); i++) {
            List<String> problems = PhaseChecks.problems(phases.get(i));
            if (!problems.isEmpty()) {
                throw new InvalidInputException("phase " + (i + 1) + " (" + phases.get(i).length() + "): "
                        + String.join("; ", problems));
            }
        }
        long[] perEpoch = new long[phases.size()];
        long[] lengths = lengths(phases, batchesPerEpoch, perEpoch);
        List<CompiledPhase> compiled = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < phases.size(); i++) {
            TrainingPhase p = phases.get(i);
            String where = "phase " + (i + 1) + " (" + p.length() + ")";
            List<ScheduledValue> lrs = groupLearningRates(p, layerGroups, where);
            compiled.add(new CompiledPhase(i, p, start, lengths[i], perEpoch[i], lrs, p.effectiveMomentum(),
                    p.weightDecay()));
            try {
                start = Math.addExact(start, lengths[i]);
            } catch (ArithmeticException e) {
                throw new InvalidInputException("the schedule is longer than " + Long.MAX_VALUE + " iterations");
            }
        }
        TrainingLimits.ITERATIONS.check(start, "the schedule");
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

    /**
     * Each phase's length in batches (see the class comment); fills {@code perEpochOut} with the epoch
     * length of each epoch-length phase's dataset.
     */
    private static long[] lengths(List<TrainingPhase> phases, ToLongFunction<String> batchesPerEpoch,
            long[] perEpochOut) {
        Map<String, Long> epochBatches = new HashMap<>();
        Map<String, BigDecimal> epochsSoFar = new LinkedHashMap<>();
        Map<String, List<Integer>> byData = new LinkedHashMap<>();
        long[] ends = new long[phases.size()];
        for (int i = 0; i < phases.size(); i++) {
            TrainingPhase p = phases.get(i);
            if (p.length() instanceof PhaseLength.Iterations it) {
                ends[i] = it.count();
                continue;
            }
            String where = "phase " + (i + 1) + " (" + p.length() + ")";
            long perEpoch = epochBatches.computeIfAbsent(p.data(), key -> {
                long b = batchesPerEpoch.applyAsLong(key);
                if (b <= 0) {
                    throw new InvalidInputException(where + ": dataset '" + key + "' has " + b + " batches per epoch");
                }
                return b;
            });
            BigDecimal after = epochsSoFar.getOrDefault(p.data(), BigDecimal.ZERO)
                    .add(new BigDecimal(Double.toString(((PhaseLength.Epochs) p.length()).count())));
            epochsSoFar.put(p.data(), after);
            perEpochOut[i] = perEpoch;
            try {
                ends[i] = roundedBatches(after, perEpoch);
            } catch (ArithmeticException e) {
                throw new InvalidInputException(where + ": the schedule is longer than " + Long.MAX_VALUE
                        + " iterations");
            }
            byData.computeIfAbsent(p.data(), k -> new ArrayList<>()).add(i);
        }
        long[] lengths = ends.clone();
        // Every phase gets at least one batch, and the phases of one dataset still end exactly where its
        // rounded total does: a phase lengthened to one batch takes it from its neighbours (forward), and
        // if the last phases ran past the total they are pulled back (backward).
        byData.forEach((key, idx) -> {
            // less than one batch in all still trains one: a schedule cannot train nothing
            long target = Math.max(1, ends[idx.get(idx.size() - 1)]);
            if (idx.size() > target) {
                String epochs = ScheduledValue.format(epochsSoFar.get(key).doubleValue());
                throw new InvalidInputException(String.format(Locale.ROOT, "%d phases on dataset '%s' need at least"
                        + " one batch each, but their %s epoch%s %s only %d batch%s: use fewer phases, more epochs or"
                        + " smaller batches", idx.size(), key, epochs, epochs.equals("1") ? "" : "s",
                        epochs.equals("1") ? "is" : "are", target, target == 1 ? "" : "es"));
            }
            long prev = 0;
            for (int i : idx) {
                ends[i] = Math.max(ends[i], prev + 1);
                prev = ends[i];
            }
            long next = target + 1;
            for (int k = idx.size() - 1; k >= 0; k--) {
                int i = idx.get(k);
                ends[i] = Math.min(ends[i], next - 1);
                next = ends[i];
            }
            prev = 0;
            for (int i : idx) {
                lengths[i] = ends[i] - prev;
                prev = ends[i];
            }
        });
        return lengths;
    }

    private static long roundedBatches(BigDecimal epochs, long perEpoch) {
        return epochs.multiply(BigDecimal.valueOf(perEpoch)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static List<ScheduledValue> groupLearningRates(TrainingPhase p, int groups, String where) {
        List<ScheduledValue> given = p.learningRates();
        if (given.isEmpty()) {
            throw new InvalidInputException(where + ": no learning rate given");
        }
        if (given.size() == groups) {
            return given; // a phase with one lr per group has no ratio (TrainingPhase refuses both)
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

    /**
     * The named phase value {@code name} (see {@link TrainingPhase#value}) at batch {@code iteration},
     * with the same {@code pos = k/n} convention as {@link #valueAt}.
     *
     * @param fallback what a phase that does not set {@code name} trains with
     */
    public double namedValueAt(String name, long iteration, double fallback) {
        CompiledPhase p = phaseAt(iteration);
        ScheduledValue v = p.phase().values().get(name);
        return v == null ? fallback : v.at((double) (iteration - p.startIteration()) / p.iterations());
    }

    /**
     * Identifies what this schedule trains: a SHA-256 over every compiled value (each phase's
     * iteration range, dataset, optimizer and its options, switch policy, and the start, end and decay of
     * every layer group's learning rate, the momentum and the weight decay), in hex. Two schedules with
     * the same fingerprint train every batch with the same hyper-parameters; a checkpoint resumes only
     * into the schedule it was written for. Built from the numbers, not from log text, so rewording a
     * description never invalidates a checkpoint and two schedules that print alike never match.
     */
    public String fingerprint() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeLong(totalIterations);
            out.writeInt(layerGroups);
            for (CompiledPhase p : phases) {
                out.writeLong(p.startIteration());
                out.writeLong(p.iterations());
                out.writeLong(p.batchesPerEpoch());
                out.writeUTF(p.data());
                out.writeUTF(p.phase().optimizer().name());
                out.writeUTF(p.phase().options().toString());
                out.writeUTF(p.phase().switchPolicy().name());
                out.writeInt(p.learningRates().size());
                for (ScheduledValue v : p.learningRates()) {
                    write(out, v);
                }
                write(out, p.momentum());
                write(out, p.weightDecay());
                // only phases with named values add bytes, so schedules without any keep their fingerprint
                for (Map.Entry<String, ScheduledValue> e : p.phase().values().entrySet()) {
                    out.writeUTF(e.getKey());
                    write(out, e.getValue());
                }
            }
            out.flush();
            return java.util.HexFormat.of().formatHex(sha.digest(bytes.toByteArray()));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a schedule", e);
        }
    }

    private static void write(java.io.DataOutputStream out, ScheduledValue v) throws java.io.IOException {
        out.writeLong(Double.doubleToLongBits(v.start()));
        out.writeLong(Double.doubleToLongBits(v.end()));
        out.writeUTF(v.decay().label());
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
