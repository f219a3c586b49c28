package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.train.optim.ParameterState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parts of the paper issue #26 added: the generator's weight average, the real-image crossfade during
 * fade-in and the Adam reset when the layers in use change (WGAN-GP: {@link GanWganGpPenaltyTest}).
 */
class GanPaperPartsTest {
    private final ProgressiveData data = new ProgressiveData(GanFixtures.images(8, 1), 4, 1);

    @Test
    void theWeightAverageIsTheHandComputedExponentialAverageOfTheRawWeights() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        double beta = 0.9; // not the paper's 0.999, so that a few steps move the average measurably
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer t = new GanTrainer(GanFixtures.TINY.withEmaDecay(beta), plan, data, 42, m)) {
            Map<String, double[]> hand = new HashMap<>();
            t.generator().parameters().all().forEach((name, raw) -> hand.put(name, toDouble(raw.toFloatArray())));
            Map<String, float[]> start = floats(t.average());
            floats(t.generator()).forEach((name, v) -> assertThat(start.get(name)).as("it starts as the raw weights")
                    .containsExactly(v));
            for (int i = 0; i < 5; i++) {
                t.step();
                t.generator().parameters().all().forEach((name, raw) -> {
                    float[] r = raw.toFloatArray();
                    double[] e = hand.get(name);
                    for (int k = 0; k < r.length; k++) {
                        e[k] = beta * e[k] + (1 - beta) * r[k];
                    }
                });
            }
            Map<String, float[]> average = floats(t.average());
            Map<String, float[]> raw = floats(t.generator());
            for (String name : hand.keySet()) {
                double[] e = hand.get(name);
                float[] a = average.get(name);
                for (int k = 0; k < e.length; k++) {
                    assertThat((double) a[k]).as(name + "[" + k + "]").isCloseTo(e[k], within(1e-5 * (1 + Math.abs(e[k]))));
                }
            }
            // five steps moved the trained layers: the average lags behind the raw weights
            assertThat(average.get("g0.conv.w")).isNotEqualTo(raw.get("g0.conv.w"));
            assertThat(average.get("g1.conv1.w")).isNotEqualTo(raw.get("g1.conv1.w"));
            // layers that never grew in keep an average equal to their raw (initial) weights, bit for bit
            for (String name : raw.keySet()) {
                if (name.startsWith("g2.") || name.startsWith("g3.")) {
                    assertThat(average.get(name)).as(name).containsExactly(raw.get(name));
                }
            }
        }
    }

    /** The training grids follow gan sample's auto rule: the average once it has warmed up, the raw weights before. */
    @Test
    void theTrainingGridsShowTheAverageOnlyOnceItHasWarmedUp() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        for (double beta : new double[] {0.1, 0.999}) {
            try (NDManager m = NDManager.newBaseManager();
                    GanTrainer t = new GanTrainer(GanFixtures.TINY.withEmaDecay(beta), plan, data, 42, m)) {
                t.step();
                t.step();
                // two iterations at 4 px: 0.1² = 1 % of the start is left (warmed up), 0.999² = 99.8 % (not)
                NDArray z = GanTrainer.latents(m, 3, GanFixtures.TINY.latentSize(), 5);
                float[] shown = t.generate(z).toFloatArray();
                float[] average = t.average().forward(z, 0, 1.0).toFloatArray();
                float[] raw = t.generator().forward(z, 0, 1.0).toFloatArray();
                assertThat(average).as("the average lags the raw weights").isNotEqualTo(raw);
                assertThat(shown).as("beta %s", beta).containsExactly(beta == 0.1 ? average : raw);
            }
        }
    }

    @Test
    void aLayerGrowsIntoTheAverageAsItsRawWeights() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(GanFixtures.TINY, plan, data, 42, m)) {
            // iterations 0 and 1 train 4px only; iteration 2 is the first of the 8px fade (α = 0)
            t.step();
            t.step();
            assertThat(t.plan().at(t.iteration()).level()).isEqualTo(1);
            Map<String, float[]> average = floats(t.average());
            Map<String, float[]> raw = floats(t.generator());
            for (String name : raw.keySet()) {
                if (name.startsWith("g1.")) {
                    assertThat(average.get(name)).as(name).containsExactly(raw.get(name));
                }
            }
            assertThat(average.get("g0.conv.w")).isNotEqualTo(raw.get("g0.conv.w"));
        }
    }

    @Test
    void sampleUsesTheAverageUnlessTheRawWeightsAreAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        java.nio.file.Path ckpt = dir.resolve("g.ckpt");
        float[] trainerRaw;
        float[] trainerAverage;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer t = new GanTrainer(GanFixtures.TINY.withEmaDecay(0.5), plan, data, 42, m)) {
            for (int i = 0; i < 4; i++) {
                t.step();
            }
            GanCheckpoint.write(ckpt, t, GanFixtures.PHASES);
            NDArray z = GanTrainer.latents(m, 4, 8, 7);
            trainerRaw = t.generator().forward(z, 1, t.plan().at(3).alpha()).toFloatArray();
            trainerAverage = t.average().forward(z, 1, t.plan().at(3).alpha()).toFloatArray();
        }
        GanCheckpoint.Contents c = GanCheckpoint.read(ckpt);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] raw = c.sample(c.generator(m, GanCheckpoint.Weights.RAW), m, 4, 7).toFloatArray();
            float[] average = c.sample(c.generator(m, GanCheckpoint.Weights.EMA), m, 4, 7).toFloatArray();
            assertThat(raw).containsExactly(trainerRaw);
            assertThat(average).containsExactly(trainerAverage);
            assertThat(average).isNotEqualTo(raw);
            // auto: 8px began at iteration 2, so its layers trained 2 iterations; 0.5^2 = 25 % > 5 %: raw
            assertThat(c.header().levelStart()).isEqualTo(2);
            assertThat(c.weights(GanCheckpoint.Weights.AUTO).weights()).isEqualTo(GanCheckpoint.Weights.RAW);
            float[] auto = c.sample(c.generator(m, GanCheckpoint.Weights.AUTO), m, 4, 7).toFloatArray();
            assertThat(auto).containsExactly(raw);
        }
    }

    @Test
    void theCrossfadedRealIsTheBlockyImageAtAlphaZeroTheSharpOneAtOneAndTheirBlendBetween() {
        // one 4×4 image; its top-left 2×2 block 1, 2, 3, 6 averages 3
        float[] sharp = {
            1, 2, -1, -1,
            3, 6, -1, 3,
            0, 0, 4, 8,
            0, 4, 0, 0,
        };
        float[] blocky = {
            3, 3, 0, 0,
            3, 3, 0, 0,
            1, 1, 3, 3,
            1, 1, 3, 3,
        };
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = OwnedArrays.of(m, sharp, new Shape(1, 1, 4, 4));
            assertThat(Layers.crossfadeReals(x, 0).toFloatArray()).containsExactly(blocky);
            assertThat(Layers.crossfadeReals(x, 1).toFloatArray()).containsExactly(sharp);
            float[] quarter = Layers.crossfadeReals(x, 0.25).toFloatArray();
            assertThat(quarter[0]).isCloseTo(0.25f * 1 + 0.75f * 3, within(1e-6f)); // 2.5
            assertThat(quarter[5]).isCloseTo(0.25f * 6 + 0.75f * 3, within(1e-6f)); // 3.75
            assertThat(quarter[11]).isCloseTo(0.25f * 8 + 0.75f * 3, within(1e-6f)); // 4.25
            assertThat(quarter[13]).isCloseTo(0.25f * 4 + 0.75f * 1, within(1e-6f)); // 1.75
        }
    }

    @Test
    void theCrossfadeChangesTrainingDuringTheFadeInOnly() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        List<double[]> on = losses(GanFixtures.TINY, plan, 4);
        List<double[]> off = losses(GanFixtures.TINY.withFadeReals(false), plan, 4);
        // 4px (iterations 0, 1): the same run. The fade's first batch (iteration 2, α = 0) too: D at α = 0
        // reads only downsample(x), and the blocky image downsamples to the same 4×4 as the sharp one.
        // From α = ¼ (iteration 3) D's new block sees them, and the runs part.
        for (int i = 0; i < 3; i++) {
            assertThat(on.get(i)).as("iteration " + i).containsExactly(off.get(i));
        }
        assertThat(on.get(3)[0]).isNotEqualTo(off.get(3)[0]);
    }

    @Test
    void theOptimizerIsResetWhereTheLayersInUseChange() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(GanFixtures.TINY, plan, data, 42, m)) {
            List<Long> resets = new ArrayList<>();
            for (long i = 0; i < plan.schedule().totalIterations(); i++) {
                if (t.resetsOptimizerAt(i)) {
                    resets.add(i);
                }
            }
            // 4px for 0-1, the 8px fade 2-5 (α 0, ¼, ½, ¾), stable 8px from 6 (α = 1)
            assertThat(resets).containsExactly(2L, 6L);
        }
    }

    @Test
    void adamMomentsStartFromZeroAfterGrowthWhenResetAndCarryOnWhenNot() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        for (boolean reset : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager();
                    GanTrainer t = new GanTrainer(GanFixtures.TINY.withResetOptimizer(reset), plan, data, 42, m)) {
                for (int i = 0; i < 3; i++) { // 2 at 4px, then the growth step (iteration 2)
                    t.step();
                }
                for (String name : List.of("d0.conv.w", "g0.conv.w", "d0.out.b")) {
                    ParameterState s = t.optimizerStates().get(name);
                    float[] first = s.get(ParameterState.FIRST_MOMENT).toFloatArray();
                    float[] second = s.get(ParameterState.SECOND_MOMENT).toFloatArray();
                    // β1 = 0: the first moment is this step's gradient g; β2 = 0.99: v = 0.99·v_before + 0.01·g²
                    boolean fromZero = true;
                    for (int k = 0; k < first.length; k++) {
                        fromZero &= second[k] == first[k] * first[k] * (float) (1 - 0.99);
                    }
                    assertThat(fromZero).as(name + ": v = 0.01·g², i.e. v was 0 before the step (reset " + reset + ")")
                            .isEqualTo(reset);
                    assertThat(s.age(ParameterState.SECOND_MOMENT)).as(name).isEqualTo(reset ? 1 : 3);
                    assertThat(s.steps()).as(name).isEqualTo(reset ? 1 : 3);
                }
                for (int i = 3; i < 7; i++) { // to the end of the fade (iteration 6 resets again)
                    t.step();
                }
                // the previous toRGB / fromRGB are out of use after the fade: no state left for them after a reset
                assertThat(t.optimizerStates().containsKey("g0.rgb.w")).isEqualTo(!reset);
                assertThat(t.optimizerStates().containsKey("d0.from.w")).isEqualTo(!reset);
                assertThat(t.optimizerStates().get("d1.from.w").age(ParameterState.SECOND_MOMENT))
                        .isEqualTo(reset ? 1 : 5);
            }
        }
    }

    private List<double[]> losses(GanConfig config, GrowthPlan plan, int steps) {
        List<double[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(config, plan, data, 42, m)) {
            for (int i = 0; i < steps; i++) {
                GanTrainer.StepLosses l = t.step();
                out.add(new double[] {l.discriminator(), l.generator()});
            }
        }
        return out;
    }

    private static Map<String, float[]> floats(Generator g) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        g.parameters().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
