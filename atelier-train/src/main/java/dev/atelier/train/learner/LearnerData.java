package dev.atelier.train.learner;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The training and validation batches of each dataset a phase can name with
 * {@link dev.atelier.train.schedule.TrainingPhase#data(String)}: e.g. {@code "14px"} and {@code "28px"}
 * for progressive resizing.
 */
public interface LearnerData {
    /** Training batches of dataset {@code key}; throws {@link InvalidInputException} for unknown keys. */
    BatchLoader train(String key);

    /** Validation batches used after an epoch of dataset {@code key}. */
    BatchLoader valid(String key);

    /** One dataset answering every key. */
    static LearnerData of(BatchLoader train, BatchLoader valid) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(valid, "valid");
        return new LearnerData() {
            @Override
            public BatchLoader train(String key) {
                return train;
            }

            @Override
            public BatchLoader valid(String key) {
                return valid;
            }
        };
    }

    /** Named datasets; {@code valid} must have the same keys as {@code train}. */
    static LearnerData byKey(Map<String, BatchLoader> train, Map<String, BatchLoader> valid) {
        Map<String, BatchLoader> t = Map.copyOf(train);
        Map<String, BatchLoader> v = Map.copyOf(valid);
        if (!t.keySet().equals(v.keySet())) {
            throw new IllegalArgumentException("training keys " + new TreeSet<>(t.keySet())
                    + " differ from validation keys " + new TreeSet<>(v.keySet()));
        }
        return new LearnerData() {
            @Override
            public BatchLoader train(String key) {
                return find(t, key);
            }

            @Override
            public BatchLoader valid(String key) {
                return find(v, key);
            }

            private BatchLoader find(Map<String, BatchLoader> m, String key) {
                BatchLoader l = m.get(key);
                if (l == null) {
                    throw new InvalidInputException("a phase trains on dataset '" + key + "' but only "
                            + new TreeSet<>(m.keySet()) + " are defined");
                }
                return l;
            }
        };
    }
}
