package dev.atelier.train.learner;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to continue a fit exactly where it stopped, besides weights and optimizer state.
 *
 * @param schedule fingerprint of the schedule being trained ({@code ""} before any fit)
 * @param iteration next batch of that schedule to train
 * @param cursors next batch of each dataset
 * @param epochsCompleted epochs finished so far in this fit (all datasets together)
 */
public record TrainingPosition(String schedule, long iteration, Map<String, DataCursor> cursors, int epochsCompleted) {
    public static final TrainingPosition START = new TrainingPosition("", 0, Map.of(), 0);

    public TrainingPosition {
        cursors = Map.copyOf(new TreeMap<>(cursors));
    }

    public DataCursor cursor(String key) {
        return cursors.getOrDefault(key, DataCursor.START);
    }

    TrainingPosition with(String key, DataCursor cursor, long nextIteration, int epochs) {
        Map<String, DataCursor> m = new TreeMap<>(cursors);
        m.put(key, cursor);
        return new TrainingPosition(schedule, nextIteration, m, epochs);
    }
}
