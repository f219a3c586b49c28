package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.optim.StopReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine on random-weight VGGs at 64 pixels: small, but the real code path end to end. */
class StyleTransferEngineTest {
    static final Path EXAMPLES = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()), "examples");

    static RgbImage content() {
        return RgbImage.read(EXAMPLES.resolve("content/chelsea.png"));
    }

    static RgbImage style() {
        return RgbImage.read(EXAMPLES.resolve("style/hokusai-great-wave.jpg"));
    }

    private static StyleTransferSettings.Builder small(StyleMode mode) {
        return StyleTransferSettings.builder().optMode(mode).optNetwork(VggArchitecture.VGG16).optSize(64)
                .optMaxEvaluations(60).optSeed(3);
    }

    @Test
    void contentReconstructionFromNoiseLowersItsLossByNinetyPercent() {
        StyleTransferSettings s = small(StyleMode.CONTENT).optContentLayers(List.of("relu2_2")).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random())
                .run(List.of(content()), null, new StyleTransferListener() {});
        double first = r.curve().get(0).content()[0];
        assertThat(r.best().get(0).content()[0]).isLessThanOrEqualTo(0.1 * first);
        assertThat(r.images().get(0).width()).isEqualTo(64);
    }

    @Test
    void styleSynthesisFromNoiseLowersTheGramLossByNinetyPercent() {
        StyleTransferSettings s = small(StyleMode.STYLE)
                .optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0, "relu3_1", 1.0)).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random())
                .run(List.of(), style(), new StyleTransferListener() {});
        double first = r.curve().get(0).style()[0];
        assertThat(r.best().get(0).style()[0]).isLessThanOrEqualTo(0.1 * first);
        assertThat(r.best().get(0).content()[0]).isZero();
    }

    @Test
    void aBatchOfTwoGivesTheImagesOfTwoSingleRuns() {
        RgbImage other = RgbImage.read(EXAMPLES.resolve("content/coffee.png"));
        StyleTransferSettings s = small(StyleMode.TRANSFER).optMaxEvaluations(12)
                .optContentLayers(List.of("relu2_2")).optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0)).build();
        StyleTransferEngine engine = new StyleTransferEngine(s, NetworkWeights.random());
        StyleTransferResult batch = engine.run(List.of(content(), other), style(), new StyleTransferListener() {});
        StyleTransferResult first = engine.run(List.of(content()), style(), new StyleTransferListener() {});
        StyleTransferResult second = engine.run(List.of(other), style(), new StyleTransferListener() {});
        assertThat(batch.images()).hasSize(2);
        assertClose(batch.images().get(0), first.images().get(0));
        assertClose(batch.images().get(1), second.images().get(0));
        assertThat(batch.best().get(0).total()[0]).isCloseTo(first.best().get(0).total()[0],
                org.assertj.core.api.Assertions.withinPercentage(1));
    }

    /** Same picture up to float32 noise of a batched convolution: mean absolute difference under 1/255. */
    private static void assertClose(RgbImage a, RgbImage b) {
        assertThat(a.width()).isEqualTo(b.width());
        double diff = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            diff += Math.abs(a.pixels()[i] - b.pixels()[i]);
        }
        assertThat(diff / a.pixels().length).isLessThan(1.0 / 255);
    }

    @Test
    void aStopRequestEndsTheRunWithTheBestImageSoFar() {
        // What Ctrl-C does: the shutdown hook sets a flag the listener reports.
        StyleTransferSettings s = small(StyleMode.TRANSFER).optMaxEvaluations(50).optSaveEvery(2)
                .optContentLayers(List.of("relu2_2")).optStyleLayers(Map.of("relu1_1", 1.0)).build();
        List<Integer> snapshots = new java.util.ArrayList<>();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()), style(),
                new StyleTransferListener() {
                    int seen;

                    @Override
                    public void onEvaluation(LossPoint point) {
                        seen = point.evaluation();
                    }

                    @Override
                    public void onSnapshot(int evaluation, List<RgbImage> images) {
                        snapshots.add(evaluation);
                    }

                    @Override
                    public boolean stopRequested() {
                        return seen >= 5;
                    }
                });
        assertThat(r.reason()).isEqualTo(StopReason.STOPPED);
        assertThat(r.evaluations()).isEqualTo(5);
        assertThat(snapshots).containsExactly(2, 4);
        assertThat(r.best().get(0).total()[0]).isLessThan(r.curve().get(0).total()[0]);
    }

    @Test
    void unknownLayerNamesAreListed() {
        assertThatThrownBy(() -> small(StyleMode.TRANSFER).optStyleLayers(Map.of("relu9_9", 1.0)).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("relu9_9").hasMessageContaining("relu1_1").hasMessageContaining("pool5");
    }

    @Test
    void aSettingThatCannotWorkWithTheInputsIsNamedByItsKeyInNeutralWords() {
        StyleTransferListener quiet = new StyleTransferListener() {};
        RgbImage small = content().resized(48, 32);
        assertSetting(() -> new StyleTransferEngine(small(StyleMode.STYLE).optColorMode(ColorMode.KEEP).build(),
                NetworkWeights.random()).run(List.of(), style(), quiet), "colors", "needs a content image");
        assertSetting(() -> new StyleTransferEngine(small(StyleMode.STYLE).optStart(new StartImage.Content()).build(),
                NetworkWeights.random()).run(List.of(), style(), quiet), "init", "needs a content image");
        StyleInput masked = new StyleInput(style(), 1, dev.atelier.style.mask.SoftMask.full(48, 32), 1);
        assertSetting(() -> new StyleTransferEngine(small(StyleMode.TRANSFER).optStyleLoss(StyleLossKind.MOMENTS).build(),
                NetworkWeights.random()).run(List.of(small), List.of(masked), quiet, new RunControl()), "style_loss",
                "not moments");
    }

    private static void assertSetting(org.assertj.core.api.ThrowableAssert.ThrowingCallable run, String key,
            String detail) {
        assertThatThrownBy(run).isInstanceOfSatisfying(SettingException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.detail()).contains(detail).doesNotContain("--");
        });
    }

    @Test
    void tooLargeImagesAreRefusedWithASizeThatFits() {
        StyleTransferSettings s = small(StyleMode.TRANSFER).optSize(200_000).build();
        assertThatThrownBy(() -> new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()), style(),
                new StyleTransferListener() {}))
                .isInstanceOf(InvalidInputException.class)
                .isInstanceOf(dev.atelier.core.SettingException.class)
                .hasMessageMatching("size: .*would need about .* use a size of \\d+ or less");
    }

    @Test
    void aHugeStepStaysInsideTheDisplayableRange() {
        // A fixed step of 1e30 used to overflow float32 at once; the network now sees the image clamped to
        // the displayable range, so every loss stays finite and is the loss of a picture that can be written.
        StyleTransferSettings s = small(StyleMode.TRANSFER).optLineSearch(LineSearch.NONE).optLearningRate(1e30)
                .optMaxEvaluations(5).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random())
                .run(List.of(content()), style(), new StyleTransferListener() {});
        assertThat(r.reason()).isNotEqualTo(StopReason.NON_FINITE_LOSS);
        for (LossPoint p : r.curve()) {
            assertThat(p.total()[0]).isFinite();
        }
        for (float v : r.images().get(0).pixels()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheStartImage() {
        // A style weight beyond float32's range makes the very first loss infinite.
        StyleTransferSettings s = small(StyleMode.TRANSFER).optStyleWeight(1e300).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random())
                .run(List.of(content()), style(), new StyleTransferListener() {});
        assertThat(r.reason()).isEqualTo(StopReason.NON_FINITE_LOSS);
        assertThat(r.evaluations()).isEqualTo(1);
        assertThat(r.best().get(0)).isNull();
        for (float v : r.images().get(0).pixels()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }
}
