package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic schedules of fast.ai lesson 13 as plain phase lists: adjust any phase afterwards
 * (e.g. {@code phases.stream().map(p -> p.weightDecay(5e-4)).toList()}) or append your own.
 */
public final class PhaseBuilders {
    /** More SGDR cycles than this is a mistake (each is a phase held in memory), not a schedule. */
    static final int MAX_CYCLES = 10_000;

    private PhaseBuilders() {}

    /** {@link #sgdr(OptimizerKind, double, int, double, double)} with SGD. */
    public static List<TrainingPhase> sgdr(double lr, int cycles, double cycleLen, double cycleMult) {
        return sgdr(OptimizerKind.SGD, lr, cycles, cycleLen, cycleMult);
    }

    /**
     * SGD with warm restarts as in the lesson's {@code phases_sgdr}: a warm-up at {@code lr/100} for
     * {@code cycleLen/20} epochs, the rest of the first cycle ({@code 19/20·cycleLen}) cosine-annealed
     * from {@code lr} to 0, then cycle {@code i = 1..cycles-1} lasting {@code cycleLen·cycleMult^i}
     * epochs, each annealed from {@code lr} to 0. {@code cycleMult} need not be an integer.
     *
     * @return {@code cycles + 1} phases
     */
    public static List<TrainingPhase> sgdr(OptimizerKind optimizer, double lr, int cycles, double cycleLen,
            double cycleMult) {
        requirePositive("lr", lr);
        requirePositive("cycleLen", cycleLen);
        requirePositive("cycleMult", cycleMult);
        if (cycles < 1 || cycles > MAX_CYCLES) {
            throw new InvalidInputException("sgdr needs between 1 and " + MAX_CYCLES + " cycles, got " + cycles);
        }
        List<TrainingPhase> phases = new ArrayList<>();
        phases.add(TrainingPhase.epochs(cycleLen / 20).optimizer(optimizer).lr(lr / 100));
        phases.add(TrainingPhase.epochs(cycleLen * 19 / 20).optimizer(optimizer).lr(lr, DecayType.COSINE));
        for (int i = 1; i < cycles; i++) {
            phases.add(TrainingPhase.epochs(cycleLen * Math.pow(cycleMult, i)).optimizer(optimizer)
                    .lr(lr, DecayType.COSINE));
        }
        return List.copyOf(phases);
    }

    /**
     * Leslie Smith's 1cycle exactly as the lesson's {@code phases_1cycle}, with SGD: of {@code epochs}
     * epochs, {@code pct} percent are kept for the final annealing; the rest is split in two equal
     * halves:
     * <ol>
     *   <li>lr linear {@code lr/div → lr}, momentum linear {@code maxMom → minMom};
     *   <li>lr linear {@code lr → lr/div}, momentum linear {@code minMom → maxMom};
     *   <li>lr linear {@code lr/div → lr/(100·div)}, momentum constant {@code maxMom}.
     * </ol>
     *
     * @param lr the maximum learning rate
     * @param epochs total length in epochs
     * @param div how much smaller than {@code lr} the cycle's low point is (the lesson uses 10)
     * @param pct percentage (0 to 100, exclusive of 100) of {@code epochs} left for the final annealing
     * @param maxMom momentum at the ends of the cycle (0.95)
     * @param minMom momentum at the peak learning rate (0.85)
     */
    public static List<TrainingPhase> oneCycle(double lr, double epochs, double div, double pct, double maxMom,
            double minMom) {
        requirePositive("lr", lr);
        requirePositive("epochs", epochs);
        requirePositive("div", div);
        if (!(pct >= 0 && pct < 100)) {
            throw new InvalidInputException("one-cycle pct is a percentage in [0, 100), got " + pct);
        }
        double triangle = (1 - pct / 100) * epochs;
        List<TrainingPhase> phases = new ArrayList<>();
        phases.add(TrainingPhase.epochs(triangle / 2).lr(lr / div, lr, DecayType.LINEAR)
                .momentum(maxMom, minMom, DecayType.LINEAR));
        phases.add(TrainingPhase.epochs(triangle / 2).lr(lr, lr / div, DecayType.LINEAR)
                .momentum(minMom, maxMom, DecayType.LINEAR));
        if (pct > 0) {
            phases.add(TrainingPhase.epochs(epochs - triangle).lr(lr / div, lr / (100 * div), DecayType.LINEAR)
                    .momentum(maxMom));
        }
        return List.copyOf(phases);
    }

    /**
     * Piecewise-constant learning rates, how papers train ImageNet: {@code epochs[i]} epochs at
     * {@code lrs[i]}, SGD with its default momentum.
     */
    public static List<TrainingPhase> stepwise(double[] epochs, double[] lrs) {
        if (epochs.length == 0 || epochs.length != lrs.length) {
            throw new InvalidInputException("stepwise needs as many learning rates as steps (got " + epochs.length
                    + " step lengths and " + lrs.length + " learning rates)");
        }
        List<TrainingPhase> phases = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            requirePositive("lr", lrs[i]);
            phases.add(TrainingPhase.epochs(epochs[i]).lr(lrs[i]));
        }
        return List.copyOf(phases);
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(name + " must be a positive number, got " + v);
        }
    }
}
