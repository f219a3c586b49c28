package dev.atelier.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.atelier.train.data.Augmentation;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.DecayType;
import dev.atelier.train.schedule.TrainingPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LrFinderLearnerTest {
    /** Two classes of 8x8 images: bright left half or bright right half, plus noise. */
    static ImageSet halves(int n, long seed) {
        int size = 8;
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean lit = (x < size / 2) == (labels[i] == 0);
                    px[i * size * size + y * size + x] = (byte) ((lit ? 150 : 40) + rng.nextInt(60));
                }
            }
        }
        return new ImageSet(px, labels, 1, size, size, List.of("left", "right"));
    }

    private static Block model(NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block b = Architecture.SIMPLE.build(2, 4, false);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        return b;
    }

    private static Learner learner(NDManager m, Block b, ImageSet data) {
        BatchLoader train = BatchLoader.builder().setImages(data).setBatchSize(8).optSeed(3)
                .optAugmentation(new Augmentation(1, true)).build();
        return Learner.builder().setModel(b).setData(LearnerData.of(train, train))
                .optLayerGroups(Architecture.layerGroups(b)).optManager(m).build();
    }

    private static List<float[]> weights(Block b) {
        List<float[]> out = new ArrayList<>();
        b.getParameters().forEach(p -> out.add(p.getValue().getArray().toFloatArray()));
        return out;
    }

    private static final List<TrainingPhase> WARM_UP =
            List.of(TrainingPhase.epochs(1).optimizer(OptimizerKind.ADAM).lr(1e-3).momentum(0.9));
    private static final List<TrainingPhase> MAIN = List.of(
            TrainingPhase.epochs(1).optimizer(OptimizerKind.ADAM).lr(1e-3, DecayType.COSINE).momentum(0.9),
            TrainingPhase.epochs(1).optimizer(OptimizerKind.SGD).lr(0.02).momentum(0.9));

    /**
     * Fit, range test, fit again equals fit, fit: weights bit for bit. The first fit leaves Adam
     * moments and a data position behind, which the range test (SGD, 20 batches, diverging) would
     * change if they were not restored.
     */
    @Test
    void fitAfterLrFindEqualsFitWithoutIt() {
        ImageSet data = halves(32, 1);
        List<float[]> without;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 5);
            try (Learner l = learner(m, b, data)) {
                l.fit(WARM_UP, FitOptions.QUIET);
                l.fit(MAIN, FitOptions.QUIET);
                assertThat(l.recorder().iterations()).hasSize(12);
            }
            without = weights(b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 5);
            try (Learner l = learner(m, b, data)) {
                l.fit(WARM_UP, FitOptions.QUIET);
                List<float[]> beforeFind = weights(b);
                LrFinderResult r = LrFinder.builder()
                        .setSchedule(new LrRangeSchedule(1e-4, 100, 20, LrRangeMode.EXPONENTIAL)).build().run(l);
                assertThat(r.iterations()).isGreaterThan(5);
                List<float[]> afterFind = weights(b);
                for (int i = 0; i < afterFind.size(); i++) {
                    assertThat(afterFind.get(i)).containsExactly(beforeFind.get(i));
                }
                l.fit(MAIN, FitOptions.QUIET);
                assertThat(l.recorder().iterations()).as("the test leaves no trace in the recorder").hasSize(12);
            }
            List<float[]> with = weights(b);
            for (int i = 0; i < with.size(); i++) {
                assertThat(with.get(i)).as("parameter %d", i).containsExactly(without.get(i));
            }
        }
    }

    @Test
    void rangeTestTrainsWithTheScheduleAndStopsWhenTheLossDiverges() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 6);
            List<String> seenByUserCallback = new ArrayList<>();
            BatchLoader train = BatchLoader.builder().setImages(halves(64, 2)).setBatchSize(8).optSeed(4).build();
            try (Learner l = Learner.builder().setModel(b).setData(LearnerData.of(train, train)).optManager(m)
                    .addCallback(new LearnerCallback() {
                        @Override
                        public void onFitStart(Learner learner, dev.atelier.train.schedule.TrainingSchedule s) {
                            seenByUserCallback.add("fit");
                        }
                    }).build()) {
                var schedule = new LrRangeSchedule(1e-5, 1e4, 40, LrRangeMode.EXPONENTIAL);
                LrFinderResult r = LrFinder.builder().setSchedule(schedule).build().run(l);
                assertThat(r.stopReason()).isIn(StopReason.DIVERGED, StopReason.NON_FINITE);
                assertThat(r.iterations()).isLessThan(40).isGreaterThan(10);
                for (int k = 0; k < r.iterations(); k++) {
                    assertThat(r.lrs()[k]).isCloseTo(schedule.lrAt(k), within(schedule.lrAt(k) * 1e-9));
                }
                assertThat(r.suggestions()).hasSize(3);
                assertThat(seenByUserCallback).isEmpty();
                assertThat(l.recorder().iterations()).isEmpty();
            }
        }
    }

    @Test
    void anyPhaseCanBeTheRangeTestForExampleAdamWithALinearRamp() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 7);
            BatchLoader train = BatchLoader.builder().setImages(halves(32, 3)).setBatchSize(8).optSeed(4).build();
            try (Learner l = Learner.builder().setModel(b).setData(LearnerData.of(train, train)).optManager(m).build()) {
                TrainingPhase phase = new LrRangeSchedule(1e-4, 1e-2, 10, LrRangeMode.LINEAR).toPhase()
                        .optimizer(OptimizerKind.ADAM);
                LrFinderResult r = LrFinder.builder().setPhase(phase).optStopDiv(StopDiv.never()).build().run(l);
                assertThat(r.iterations()).as("10 iterations = 2.5 epochs of 4 batches").isEqualTo(10);
                assertThat(r.lrs()[0]).isCloseTo(1e-4, within(1e-15));
                assertThat(r.lrs()[1] - r.lrs()[0]).isCloseTo((1e-2 - 1e-4) / 10, within(1e-12));
                assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
            }
        }
    }
}
