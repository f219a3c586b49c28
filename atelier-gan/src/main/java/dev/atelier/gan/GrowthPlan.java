package dev.atelier.gan;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.CompiledPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a progressive GAN's growth off a {@link TrainingSchedule}: each phase trains on data named
 * after its resolution ({@code "4px"}, {@code "8px"}, {@code "16px"}, {@code "32px"}) and may schedule
 * the fade-in blend α as the named phase value {@value #FADE_IN} (like lr or momentum); a phase
 * without one trains with α = 1, i.e. stabilises. So {@code {"iterations": 600, "data": "8px",
 * "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"}}}} fades 8×8 in and a following
 * {@code {"iterations": 600, "data": "8px"}} stabilises it.
 */
public final class GrowthPlan {
    /** The name of the fade-in blend α among a phase's values. */
    public static final String FADE_IN = "fadeIn";

    /** What one iteration trains: the level (0 = 4×4), the blend α, the dataset and its batch number. */
    public record Step(int level, double alpha, String data, long dataBatch) {
        /** Whether the newest level is still fading in. */
        public boolean fading() {
            return alpha < 1;
        }

        /** Side of the images. */
        public int resolution() {
            return GanConfig.resolution(level);
        }
    }

    private final TrainingSchedule schedule;
    private final long[] dataBatchesBefore;

    /**
     * @throws InvalidInputException when a phase's data key is not a resolution, a fade-in is outside
     *     [0, 1] or on the 4×4 level, or the resolution ever shrinks
     */
    public GrowthPlan(TrainingSchedule schedule) {
        this.schedule = schedule;
        this.dataBatchesBefore = new long[schedule.phases().size()];
        Map<String, Long> used = new HashMap<>();
        int previousLevel = 0;
        for (CompiledPhase p : schedule.phases()) {
            String where = "phase " + (p.index() + 1) + ": ";
            int level = levelOf(p.data(), where);
            if (level < previousLevel) {
                throw new InvalidInputException(where + "resolution " + p.data() + " after "
                        + GanConfig.resolution(previousLevel) + "px; a progressive GAN only grows");
            }
            previousLevel = level;
            var fade = p.phase().values().get(FADE_IN);
            if (fade != null) {
                for (double pos : new double[] {0, 0.5, 1}) {
                    double a = fade.at(pos);
                    if (!(a >= 0 && a <= 1)) {
                        throw new InvalidInputException(where + FADE_IN + " must stay in [0, 1], reaches " + a);
                    }
                }
                if (level == 0 && fade.at(0) < 1) {
                    throw new InvalidInputException(where + "4px is the first resolution: there is nothing to fade from");
                }
            }
            for (String other : p.phase().values().keySet()) {
                if (!other.equals(FADE_IN)) {
                    throw new InvalidInputException(where + "unknown phase value '" + other + "' (a GAN phase knows "
                            + FADE_IN + ")");
                }
            }
            dataBatchesBefore[p.index()] = used.getOrDefault(p.data(), 0L);
            used.merge(p.data(), p.iterations(), Long::sum);
        }
    }

    /** The level (0 = 4×4 … 3 = 32×32) a data key {@code "<side>px"} names. */
    public static int levelOf(String dataKey, String where) {
        for (int level = 0; level < GanConfig.LEVELS; level++) {
            if (dataKey.equals(GanConfig.resolution(level) + "px")) {
                return level;
            }
        }
        throw new InvalidInputException(where + "data '" + dataKey + "' is not a resolution; use 4px, 8px, 16px or 32px");
    }

    public TrainingSchedule schedule() {
        return schedule;
    }

    /**
     * The first iteration that trains {@code level} (the first of its fade-in where it fades in; levels
     * only grow, so it is the start of the first phase at that resolution), or −1 where the plan never
     * reaches it. From there on the level's newest layers train and their weight average moves
     * ({@link WeightChoice}).
     */
    public long levelStart(int level) {
        for (CompiledPhase p : schedule.phases()) {
            if (levelOf(p.data(), "") == level) {
                return p.startIteration();
            }
        }
        return -1;
    }

    /** What batch {@code iteration} trains with. */
    public Step at(long iteration) {
        CompiledPhase p = schedule.phaseAt(iteration);
        int level = levelOf(p.data(), "");
        double alpha = level == 0 ? 1 : schedule.namedValueAt(FADE_IN, iteration, 1);
        return new Step(level, alpha, p.data(), dataBatchesBefore[p.index()] + iteration - p.startIteration());
    }
}
