package dev.atelier.gan;

import dev.atelier.train.data.ImageSet;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.TrainingSchedule;
import java.util.List;
import java.util.Random;

/** Tiny generated data and plans for the GAN tests. */
final class GanFixtures {
    /** z 8, channels 8-8-4-4, batch 4, stddev group 2, R1 every 2 iterations. */
    static final GanConfig TINY = new GanConfig(8, new int[] {8, 8, 4, 4}, 4, 2, 1.0, 2);

    /** 4px for 2 batches, 8px fading in over 4, 8px stabilising for 2; Adam with the paper's betas. */
    static final String PHASES = """
            {"phases": [
              {"iterations": 2, "data": "4px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99},
              {"iterations": 4, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99,
               "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"}}},
              {"iterations": 2, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99}
            ]}
            """;

    static {
        // one PyTorch thread: on the shared 2-core machine two threads' OpenMP barriers made steps up to
        // 50× slower (docs/gan.md); results do not depend on it
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    }

    private GanFixtures() {}

    /** {@code n} random 28×28 "images" with a bright centre block, so they are not pure noise. */
    static ImageSet images(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = (x > 8 && x < 20 && y > 4 && y < 24 ? 180 : 20) + r.nextInt(60);
                    px[i * 784 + y * 28 + x] = (byte) v;
                }
            }
        }
        return new ImageSet(px, new int[n], 1, 28, 28, List.of("thing"));
    }

    static GrowthPlan plan(String json, ProgressiveData data) {
        PhasesFile file = PhasesFile.parse(json, "test phases");
        return new GrowthPlan(TrainingSchedule.compile(file.phases(), key -> data.batchesPerEpoch(), 1));
    }
}
