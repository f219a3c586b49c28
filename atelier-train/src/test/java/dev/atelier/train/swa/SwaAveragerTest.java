package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.atelier.core.weights.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SwaAveragerTest {
    private static Block model(NDManager m) {
        Block b = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build());
        b.initialize(m, DataType.FLOAT32, new Shape(4, 2));
        return b;
    }

    /** Fills every parameter (BN statistics included) with fresh random values; returns a copy of them. */
    private static Map<String, float[]> randomize(Block b, Random rng) {
        Map<String, float[]> snapshot = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            float[] v = new float[Math.toIntExact(p.getValue().getArray().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
            }
            p.getValue().getArray().set(v);
            snapshot.put(p.getKey(), v);
        }
        return snapshot;
    }

    private static float[] valuesOf(Block b, String name) {
        return b.getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void averageIsTheMeanOfTheSnapshotsAndSkipsBatchNormStatistics() {
        try (NDManager m = NDManager.newBaseManager(); SwaAverager swa = SwaAverager.create(m)) {
            Block b = model(m);
            Random rng = new Random(1);
            List<Map<String, float[]>> snaps = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                snaps.add(randomize(b, rng));
                swa.update(b);
            }
            assertThat(swa.modelsAveraged()).isEqualTo(4);
            Map<String, float[]> last = randomize(b, rng);
            swa.copyInto(b);
            for (Pair<String, Parameter> p : b.getParameters()) {
                String name = p.getKey();
                float[] actual = valuesOf(b, name);
                boolean statistic = !SwaAverager.isAveraged(p.getValue());
                for (int i = 0; i < actual.length; i++) {
                    double expected = statistic
                            ? last.get(name)[i] // untouched by copyInto
                            : (snaps.get(0).get(name)[i] + snaps.get(1).get(name)[i]
                                    + snaps.get(2).get(name)[i] + snaps.get(3).get(name)[i]) / 4.0;
                    assertThat((double) actual[i]).as(name + "[" + i + "]").isCloseTo(expected, within(1e-6));
                }
            }
            assertThat(swa.toStateDict().keys())
                    .noneMatch(k -> k.contains("running"))
                    .contains(SwaAverager.COUNT_KEY);
        }
    }

    @Test
    void accumulatorSurvivesACheckpointRoundTrip() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m);
            Random rng = new Random(2);
            List<Map<String, float[]>> snaps = new ArrayList<>();
            StateDict saved;
            try (SwaAverager first = SwaAverager.create(m)) {
                for (int s = 0; s < 2; s++) {
                    snaps.add(randomize(b, rng));
                    first.update(b);
                }
                saved = first.toStateDict();
            }
            try (SwaAverager resumed = SwaAverager.fromStateDict(saved, m)) {
                assertThat(resumed.modelsAveraged()).isEqualTo(2);
                snaps.add(randomize(b, rng));
                resumed.update(b);
                resumed.copyInto(b);
            }
            String weight = b.getParameters().keys().stream().filter(k -> k.endsWith("weight")).findFirst().orElseThrow();
            float[] actual = valuesOf(b, weight);
            for (int i = 0; i < actual.length; i++) {
                double mean = (snaps.get(0).get(weight)[i] + snaps.get(1).get(weight)[i] + snaps.get(2).get(weight)[i]) / 3.0;
                assertThat((double) actual[i]).isCloseTo(mean, within(1e-6));
            }
        }
    }
}
