package dev.atelier.stylenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.core.SettingException;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.VggFeatureExtractor;
import dev.atelier.style.image.RgbImage;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.schedule.TrainingPhase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training through the Learner on three generated 64 px photos, with a random VGG16-BN (lesson13 recipe). */
class StyleNetTrainerTest {
    private static final StyleNetArchitecture SMALL = new StyleNetArchitecture(8, 16, 16, 2);
    private static NDManager manager;
    private static VggFeatures vgg;
    private static StyleTransferSettings settings;

    @TempDir
    static Path dir;
    private static PhotoCrops crops;

    @BeforeAll
    static void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        vgg = VggFeatures.random(VggArchitecture.VGG16_BN, 0);
        settings = StyleTransferSettings.builder().optRecipe(StyleRecipe.LESSON13).optNetwork(VggArchitecture.VGG16_BN)
                .optRandomWeights(true).build();
        crops = PhotoCrops.of(TinyPhotos.write(dir, 3, 64, 64), 64);
    }

    @AfterAll
    static void tearDown() {
        vgg.close();
        manager.close();
    }

    private static StyleNetTrainer trainer(StyleNetTraining training, StyleNetLoss loss) {
        return new StyleNetTrainer(training, crops, loss, manager, s -> {});
    }

    private static StyleNetLoss loss() {
        return new StyleNetLoss(new VggFeatureExtractor(vgg), settings, TinyPhotos.style(64), 64, manager);
    }

    @Test
    void theLossFallsOnATinySet() {
        StyleNetTraining training = new StyleNetTraining(SMALL, 64, 64, 2, 30, 1e-2, 1);
        List<Double> losses = new ArrayList<>();
        try (StyleNetLoss loss = loss(); StyleNetTrainer t = trainer(training, loss)) {
            List<TrainingPhase> phases = t.defaultPhases();
            assertThat(phases.get(0).data()).isEqualTo(StyleNetTrainer.HALF);
            assertThat(phases.get(phases.size() - 1).data()).isEqualTo(StyleNetTrainer.FULL);
            t.fit(phases, new StyleNetTrainer.Listener() {
                @Override
                public void onIteration(StyleNetTrainer trainer, IterationRecord record, long total) {
                    losses.add(record.loss());
                }
            });
        }
        assertThat(losses).hasSize(30);
        // the half-size phase and the full-size one have different scales: compare within the full-size one
        double early = losses.subList(15, 18).stream().mapToDouble(d -> d).average().orElseThrow();
        double late = losses.subList(27, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        double first = losses.subList(0, 3).stream().mapToDouble(d -> d).average().orElseThrow();
        double half = losses.subList(10, 13).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(half).as("half-size phase").isLessThan(first);
        assertThat(late).as("full-size phase").isLessThan(early);
    }

    /**
     * The style is matched to the paint size, not to the crop: a crop of the stripes at twice their size is
     * closer to the style for a network painting 128-px pictures than for one painting 64-px pictures, and
     * the stripes at their own size the other way round.
     */
    @Test
    void theStyleTargetIsAtThePaintSize() {
        RgbImage stripes = TinyPhotos.style(64);
        RgbImage twice = stripes.resized(128, 128).centreCrop(64, 64);
        try (StyleNetLoss atCrop = new StyleNetLoss(new VggFeatureExtractor(vgg), settings, stripes, 64, manager);
                StyleNetLoss atPaint = new StyleNetLoss(new VggFeatureExtractor(vgg), settings, stripes, 128, manager)) {
            assertThat(styleTerm(atPaint, twice)).isLessThan(0.5 * styleTerm(atCrop, twice));
            assertThat(styleTerm(atCrop, stripes)).isLessThan(0.5 * styleTerm(atPaint, stripes));
        }
    }

    private static double styleTerm(StyleNetLoss loss, RgbImage picture) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = OwnedArrays.of(m, picture.pixels(), new Shape(1, 3, picture.height(), picture.width()));
            return loss.perItem(x, x).getFloat(0, 1);
        }
    }

    @Test
    void theTrainingRefusesAPaintSizeBelowItsCrops() {
        assertThatThrownBy(() -> new StyleNetTraining(SMALL, 64, 32, 2, 8, 1e-2, 1))
                .isInstanceOf(SettingException.class).hasMessageContaining("at least the crop size (64)");
    }

    @Test
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        StyleNetTraining training = new StyleNetTraining(SMALL, 64, 64, 2, 8, 1e-2, 2);
        float[][] uninterrupted;
        try (StyleNetLoss loss = loss(); StyleNetTrainer t = trainer(training, loss)) {
            t.fit(t.defaultPhases(), new StyleNetTrainer.Listener() {});
            uninterrupted = parameters(t);
        }
        Path ckpt = tmp.resolve("run.ckpt");
        try (StyleNetLoss loss = loss(); StyleNetTrainer t = trainer(training, loss)) {
            t.fit(t.defaultPhases(), new StyleNetTrainer.Listener() {
                @Override
                public boolean stopRequested() {
                    return t.iteration() >= 5; // mid-way, inside the second phase
                }
            });
            assertThat(t.iteration()).isEqualTo(5);
            t.saveCheckpoint(ckpt);
        }
        try (StyleNetLoss loss = loss(); StyleNetTrainer t = trainer(training, loss)) {
            t.resume(ckpt);
            t.fit(t.defaultPhases(), new StyleNetTrainer.Listener() {});
            assertThat(t.iteration()).isEqualTo(8);
            float[][] resumed = parameters(t);
            for (int i = 0; i < resumed.length; i++) {
                assertThat(resumed[i]).containsExactly(uninterrupted[i]);
            }
        }
    }

    private static float[][] parameters(StyleNetTrainer t) {
        List<Pair<String, Parameter>> ps = t.network().getParameters().stream().toList();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).getValue().getArray().toFloatArray();
        }
        return out;
    }
}
