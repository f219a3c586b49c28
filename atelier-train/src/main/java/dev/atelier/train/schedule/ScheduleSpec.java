package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.train.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a training schedule is, before it becomes phases: one of a closed set of shapes (1cycle, SGDR,
 * stepwise, or explicit phases), each with its defaults written once in {@link Defaults}. The JSON
 * phases file and the {@code train} command line both map into a spec, and {@link #toPhases()} is the
 * only place a named schedule turns into {@link TrainingPhase}s; {@link TrainingSchedule#compile} then
 * lays the phases out on the iteration axis, where {@link CompiledPhase#valueAt} computes each
 * batch's learning rate.
 *
 * <p>Every named shape takes a weight decay and {@link GroupLearningRates} (discriminative learning
 * rates); explicit phases carry their own.
 *
 * <p>Each record checks its own values when it is made, so the command line, the phases file and code
 * all meet the same rules; a bad value is a {@link SettingException} keyed by the setting ({@code lr},
 * {@code epochs}, {@code div}, {@code pct}, {@code cycles}, {@code cycle_len}, {@code cycle_mult}), which
 * each front end names in its own words. Momentum and weight decay are the phases' own settings, checked
 * with the phases ({@link TrainingPhase#checked()}).
 */
public sealed interface ScheduleSpec {
    /** The phases of this schedule, in training order. */
    List<TrainingPhase> toPhases();

    /** The defaults of every named schedule, and of a run whose user gives no schedule, in one place. */
    final class Defaults {
        /** A run without a schedule of its own: the peak learning rate. */
        public static final double LR = 0.1;
        /** A run without a schedule of its own: its length in epochs. */
        public static final double EPOCHS = 5;
        /**
         * A run without a schedule of its own: the constant momentum (β1) of SGDR, stepwise and constant
         * schedules and of the range test (a phases file's schedules default to the optimizer's own).
         */
        public static final double MOMENTUM = 0.9;
        /** A run without a schedule of its own: the constant weight decay (a phases file's default is none). */
        public static final double WEIGHT_DECAY = 5e-4;
        /** 1cycle: the cycle's low point is {@code lr / div}. */
        public static final double ONE_CYCLE_DIV = 10;
        /** 1cycle: percentage of the epochs kept for the final annealing. */
        public static final double ONE_CYCLE_PCT = 10;
        /** 1cycle: momentum at the ends of the cycle. */
        public static final double ONE_CYCLE_MAX_MOMENTUM = 0.95;
        /** 1cycle: momentum at the peak learning rate. */
        public static final double ONE_CYCLE_MIN_MOMENTUM = 0.85;
        /** SGDR: number of cycles. */
        public static final int SGDR_CYCLES = 3;
        /** SGDR: each cycle is this many times longer than the previous one. */
        public static final double SGDR_CYCLE_MULT = 2;
        /** SGDR: length of the first cycle in epochs (JSON only: the command line derives it from the epochs). */
        public static final double SGDR_CYCLE_LEN = 1;
        /** SGDR: the warm-up is one part in this many of the first cycle, at {@code lr / SGDR_WARMUP_DIV}. */
        public static final int SGDR_WARMUP_PARTS = 20;
        /** SGDR: how much lower than the peak the warm-up trains. */
        public static final double SGDR_WARMUP_DIV = 100;
        /** Stepwise without explicit steps: fractions of the epochs at lr, lr/10 and lr/100. */
        public static final double[] STEPWISE_FRACTIONS = {0.5, 0.3, 0.2};
        /** More SGDR cycles than this is a mistake (each is a phase held in memory), not a schedule. */
        public static final int MAX_CYCLES = 10_000;
        /** Range test: the learning rate of its first batch (fastai's). */
        public static final double LR_FIND_START = 1e-7;
        /** Range test: the learning rate it arrives at after its last batch (fastai's). */
        public static final double LR_FIND_END = 10;
        /** Range test: its length in batches (fastai's). */
        public static final int LR_FIND_ITERATIONS = 100;

        private Defaults() {}
    }

    /**
     * Leslie Smith's 1cycle exactly as the lesson's {@code phases_1cycle}: of {@code epochs} epochs,
     * {@code pct} percent are kept for the final annealing; the rest is split in two equal halves:
     * <ol>
     *   <li>lr linear {@code lr/div → lr}, momentum linear {@code maxMom → minMom};
     *   <li>lr linear {@code lr → lr/div}, momentum linear {@code minMom → maxMom};
     *   <li>lr linear {@code lr/div → lr/(100·div)}, momentum constant {@code maxMom}.
     * </ol>
     *
     * @param lr the maximum learning rate (of the head, with per-group rates)
     * @param epochs total length in epochs
     * @param div how much smaller than {@code lr} the cycle's low point is
     * @param pct percentage (0 to 100, exclusive of 100) of {@code epochs} left for the final annealing
     * @param maxMomentum momentum at the ends of the cycle
     * @param minMomentum momentum at the peak learning rate
     * @param optimizer update rule of every phase
     * @param weightDecay constant weight decay
     * @param groups discriminative learning rates
     */
    record OneCycle(double lr, double epochs, double div, double pct, double maxMomentum, double minMomentum,
            OptimizerKind optimizer, double weightDecay, GroupLearningRates groups) implements ScheduleSpec {
        /** @throws SettingException naming the first value out of range */
        public OneCycle {
            requirePositive("lr", lr);
            requirePositive("epochs", epochs);
            requirePositive("div", div);
            if (!(pct >= 0 && pct < 100)) {
                throw new SettingException("pct", "must be a percentage in [0, 100), got " + pct);
            }
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(groups, "groups");
        }

        @Override
        public List<TrainingPhase> toPhases() {
            double triangle = (1 - pct / 100) * epochs;
            List<TrainingPhase> phases = new ArrayList<>();
            phases.add(TrainingPhase.epochs(triangle / 2).lr(lr / div, lr, DecayType.LINEAR)
                    .momentum(maxMomentum, minMomentum, DecayType.LINEAR));
            phases.add(TrainingPhase.epochs(triangle / 2).lr(lr, lr / div, DecayType.LINEAR)
                    .momentum(minMomentum, maxMomentum, DecayType.LINEAR));
            if (pct > 0) {
                phases.add(TrainingPhase.epochs(epochs - triangle).lr(lr / div, lr / (100 * div), DecayType.LINEAR)
                        .momentum(maxMomentum));
            }
            return finish(phases, optimizer, null, weightDecay, groups);
        }
    }

    /**
     * SGD with warm restarts as in the lesson's {@code phases_sgdr}: a warm-up at {@code lr/100} for
     * {@code cycleLen/20} epochs, the rest of the first cycle cosine-annealed from {@code lr} to 0,
     * then cycle {@code i = 1..cycles-1} lasting {@code cycleLen·cycleMult^i} epochs, each annealed from
     * {@code lr} to 0. {@code cycleMult} need not be an integer.
     *
     * @param lr peak learning rate of every cycle
     * @param cycles number of cycles
     * @param cycleLen length of the first cycle in epochs
     * @param cycleMult growth of each cycle's length
     * @param optimizer update rule
     * @param momentum constant momentum (β1), or null for the optimizer's default
     * @param weightDecay constant weight decay
     * @param groups discriminative learning rates
     */
    record Sgdr(double lr, int cycles, double cycleLen, double cycleMult, OptimizerKind optimizer, Double momentum,
            double weightDecay, GroupLearningRates groups) implements ScheduleSpec {
        /** @throws SettingException naming the first value out of range */
        public Sgdr {
            requirePositive("lr", lr);
            cycleCount(cycles);
            requirePositive("cycle_len", cycleLen);
            requirePositive("cycle_mult", cycleMult);
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(groups, "groups");
        }

        /**
         * The first cycle's length for {@code cycles} cycles whose lengths add up to {@code totalEpochs}.
         *
         * @throws SettingException naming the first value out of range
         */
        public static double cycleLenFor(double totalEpochs, int cycles, double cycleMult) {
            requirePositive("epochs", totalEpochs);
            cycleCount(cycles);
            requirePositive("cycle_mult", cycleMult);
            double units = 0;
            for (int i = 0; i < cycles; i++) {
                units += Math.pow(cycleMult, i);
            }
            return totalEpochs / units;
        }

        /**
         * {@code count} as a number of cycles: the one rule for it, whether it comes as a whole number or
         * as a JSON number that may not be one.
         *
         * @throws SettingException unless it is a whole number from 1 to {@link Defaults#MAX_CYCLES}
         */
        static int cycleCount(double count) {
            if (count != Math.rint(count) || count < 1 || count > Defaults.MAX_CYCLES) {
                throw new SettingException("cycles", "must be a whole number from 1 to " + Defaults.MAX_CYCLES
                        + ", got " + ScheduledValue.format(count));
            }
            return (int) count;
        }

        @Override
        public List<TrainingPhase> toPhases() {
            List<TrainingPhase> phases = new ArrayList<>();
            int parts = Defaults.SGDR_WARMUP_PARTS;
            phases.add(TrainingPhase.epochs(cycleLen / parts).lr(lr / Defaults.SGDR_WARMUP_DIV));
            phases.add(TrainingPhase.epochs(cycleLen * (parts - 1) / parts).lr(lr, DecayType.COSINE));
            for (int i = 1; i < cycles; i++) {
                phases.add(TrainingPhase.epochs(cycleLen * Math.pow(cycleMult, i)).lr(lr, DecayType.COSINE));
            }
            return finish(phases, optimizer, momentum, weightDecay, groups);
        }
    }

    /**
     * Piecewise-constant learning rates, how papers train ImageNet: {@code epochs[i]} epochs at
     * {@code lrs[i]}.
     *
     * @param epochs length of each step
     * @param lrs learning rate of each step (of the head, with per-group rates)
     * @param optimizer update rule
     * @param momentum constant momentum (β1), or null for the optimizer's default
     * @param weightDecay constant weight decay
     * @param groups discriminative learning rates
     */
    record Stepwise(double[] epochs, double[] lrs, OptimizerKind optimizer, Double momentum, double weightDecay,
            GroupLearningRates groups) implements ScheduleSpec {
        /** @throws SettingException naming the first value out of range, or steps without one lr each */
        public Stepwise {
            epochs = epochs.clone();
            lrs = lrs.clone();
            if (epochs.length == 0 || epochs.length != lrs.length) {
                throw new SettingException("lr", "must hold one learning rate per step (got " + epochs.length
                        + " step lengths and " + lrs.length + " learning rates)");
            }
            for (int i = 0; i < epochs.length; i++) {
                requirePositive("epochs", epochs[i]);
                requirePositive("lr", lrs[i]);
            }
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(groups, "groups");
        }

        /**
         * The default steps: {@link Defaults#STEPWISE_FRACTIONS} of {@code totalEpochs} at lr, lr/10, lr/100.
         *
         * @throws SettingException naming the first value out of range
         */
        public static Stepwise standard(double lr, double totalEpochs, OptimizerKind optimizer, Double momentum,
                double weightDecay, GroupLearningRates groups) {
            requirePositive("epochs", totalEpochs);
            double[] f = Defaults.STEPWISE_FRACTIONS;
            double[] epochs = new double[f.length];
            double[] lrs = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                epochs[i] = totalEpochs * f[i];
                lrs[i] = lr / Math.pow(10, i);
            }
            return new Stepwise(epochs, lrs, optimizer, momentum, weightDecay, groups);
        }

        @Override
        public List<TrainingPhase> toPhases() {
            List<TrainingPhase> phases = new ArrayList<>();
            for (int i = 0; i < epochs.length; i++) {
                phases.add(TrainingPhase.epochs(epochs[i]).lr(lrs[i]));
            }
            return finish(phases, optimizer, momentum, weightDecay, groups);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stepwise s && Arrays.equals(s.epochs, epochs) && Arrays.equals(s.lrs, lrs)
                    && s.optimizer == optimizer && Objects.equals(s.momentum, momentum)
                    && s.weightDecay == weightDecay && s.groups.equals(groups);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(epochs) * 31 + Arrays.hashCode(lrs);
        }

        @Override
        public String toString() {
            return "Stepwise[epochs=" + Arrays.toString(epochs) + ", lrs=" + Arrays.toString(lrs) + "]";
        }
    }

    /** Phases written out one by one (a phases file's {@code "phases"} array, or built in code). */
    record Phases(List<TrainingPhase> phases) implements ScheduleSpec {
        public Phases {
            phases = List.copyOf(phases);
        }

        @Override
        public List<TrainingPhase> toPhases() {
            if (phases.isEmpty()) {
                throw new InvalidInputException("a schedule needs at least one phase");
            }
            return phases;
        }
    }

    private static List<TrainingPhase> finish(List<TrainingPhase> phases, OptimizerKind optimizer, Double momentum,
            double weightDecay, GroupLearningRates groups) {
        List<TrainingPhase> out = new ArrayList<>();
        for (TrainingPhase p : phases) {
            TrainingPhase q = p.optimizer(optimizer);
            if (momentum != null) {
                q = q.momentum(momentum);
            }
            if (weightDecay != 0) {
                q = q.weightDecay(weightDecay);
            }
            out.add(groups.applyTo(q));
        }
        return List.copyOf(out);
    }

    /** The rule of every length and rate of a named schedule: a positive, finite number. */
    private static void requirePositive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new SettingException(key, "must be a positive number, got " + v);
        }
    }
}
