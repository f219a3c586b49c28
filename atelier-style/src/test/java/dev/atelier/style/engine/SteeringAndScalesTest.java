package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.color.Yiq;
import dev.atelier.style.image.BicubicResize;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Coarse-to-fine, colour keeping, the judge and steering, on a random VGG16 at 64 px: the real engine. */
class SteeringAndScalesTest {
    private static StyleTransferSettings.Builder small() {
        return StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16).optSize(64).optSeed(3)
                .optContentLayers(List.of("relu2_2")).optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0));
    }

    private static RgbImage content() {
        return StyleTransferEngineTest.content();
    }

    private static RgbImage style() {
        return StyleTransferEngineTest.style();
    }

    @Test
    void eachScaleStartsFromItsPhotoPlusThePreviousScalesChangeUpsampledAndTheBudgetHolds() {
        StyleTransferSettings s = small().optScales("32,64").optMaxEvaluations(10).optSaveEvery(1).build();
        List<RgbImage> finished = new ArrayList<>();
        List<LossPoint> points = new ArrayList<>();
        List<RgbImage> evaluated = new ArrayList<>();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()),
                List.of(StyleInput.of(style())), new StyleTransferListener() {
                    @Override
                    public void onEvaluation(LossPoint p) {
                        points.add(p);
                    }

                    @Override
                    public void onSnapshot(int evaluation, List<RgbImage> images) {
                        evaluated.add(images.get(0));
                    }

                    @Override
                    public void onScaleFinished(int index, List<RgbImage> images) {
                        finished.add(images.get(0));
                    }
                }, new RunControl());
        assertThat(r.evaluations()).isLessThanOrEqualTo(10);
        assertThat(finished).hasSize(2);
        assertThat(finished.get(0).width()).isEqualTo(32);
        int firstFine = 0;
        while (points.get(firstFine).scale() == 0) {
            firstFine++;
        }
        assertThat(firstFine).isLessThanOrEqualTo(s.ladder().evaluations().get(0));
        RgbImage coarse = finished.get(0);
        RgbImage coarsePhoto = content().resized(coarse.width(), coarse.height());
        RgbImage change = BicubicResize.resize(plus(coarse, coarsePhoto, -1), 64, 43);
        RgbImage expected = plus(content().resized(64, 43), change, 1).clipped();
        RgbImage start = evaluated.get(firstFine);
        assertThat(start.width()).isEqualTo(64);
        assertThat(meanAbsoluteDifference(start, expected)).isLessThan(0.01);
        // and not simply the content image again
        assertThat(meanAbsoluteDifference(start, content().resized(64, 43))).isGreaterThan(0.01);
    }

    @Test
    void keepColoursWritesTheContentsChroma() {
        StyleTransferSettings s = small().optScales("1").optMaxEvaluations(6).optColorMode(ColorMode.KEEP).build();
        RgbImage out = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()), style(),
                new StyleTransferListener() {}).images().get(0);
        RgbImage c = content().resized(out.width(), out.height());
        float[] yo = Yiq.fromRgb(out.pixels());
        float[] yc = Yiq.fromRgb(c.pixels());
        int plane = out.width() * out.height();
        int compared = 0;
        double lumaChange = 0;
        for (int i = 0; i < plane; i++) {
            if (inside(out, i, plane)) {
                compared++;
                assertThat(yo[plane + i]).isCloseTo(yc[plane + i], within(2e-5f));
                assertThat(yo[2 * plane + i]).isCloseTo(yc[2 * plane + i], within(2e-5f));
            }
            lumaChange += Math.abs(yo[i] - yc[i]);
        }
        assertThat(compared).isGreaterThan(plane / 2);
        assertThat(lumaChange / plane).as("the luminance was stylised").isGreaterThan(0.005);
    }

    @Test
    void theJudgeEqualsTheEnginesLossOnTheSameImage() {
        // lesson13 scaling, recipe weights, no TV: the first evaluation is the content image itself
        StyleTransferSettings s = StyleTransferSettings.builder().optRecipe(StyleRecipe.LESSON13)
                .optNetwork(VggArchitecture.VGG16_BN).optSize(64).optScales("1").optMaxEvaluations(1).optSeed(4).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()), style(),
                new StyleTransferListener() {});
        RgbImage start = content().resized(64, 43);
        try (VggFeatures vgg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16_BN)
                .setStateDict(VggWeightInit.torchvision(4).stateDict(VggArchitecture.VGG16_BN))
                .optPooling(StyleRecipe.LESSON13.pooling()).build()) {
            JudgeLosses j = StyleJudge.on(StyleRecipe.LESSON13, VggArchitecture.VGG16_BN, vgg).judge(start, content(), style());
            LossPoint first = r.curve().get(0);
            assertThat(j.content()).isCloseTo(first.content()[0], within(1e-4 * first.content()[0]));
            assertThat(j.style()).isCloseTo(first.style()[0], within(1e-4 * first.style()[0]));
            assertThat(j.total()).isCloseTo(first.total()[0], within(1e-4 * first.total()[0]));
        }
    }

    /**
     * bfloat16 while optimising, float32 for the verdict: the sidecar's judge of a bf16 run is the float32
     * judge of its image, the optimiser's own numbers are close to it, and the optimisation still works.
     */
    @Test
    void aBfloat16RunOptimisesAndIsJudgedInFloat32() {
        StyleTransferSettings.Builder b = StyleTransferSettings.builder().optRecipe(StyleRecipe.LESSON13)
                .optNetwork(VggArchitecture.VGG16_BN).optSize(64).optScales("1").optSeed(4)
                .optPrecision(dev.atelier.core.vgg.FeaturePrecision.BF16);
        StyleTransferResult one = new StyleTransferEngine(b.optMaxEvaluations(1).build(), NetworkWeights.random())
                .run(List.of(content()), style(), new StyleTransferListener() {});
        StyleTransferResult ten = new StyleTransferEngine(b.optMaxEvaluations(10).build(), NetworkWeights.random())
                .run(List.of(content()), style(), new StyleTransferListener() {});
        try (VggFeatures vgg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16_BN)
                .setStateDict(VggWeightInit.torchvision(4).stateDict(VggArchitecture.VGG16_BN))
                .optPooling(StyleRecipe.LESSON13.pooling()).build()) {
            StyleJudge judge = StyleJudge.on(StyleRecipe.LESSON13, VggArchitecture.VGG16_BN, vgg);
            JudgeLosses start = judge.judge(content().resized(64, 43), content(), style());
            assertThat(one.judged().get(0).total()).isEqualTo(start.total());
            LossPoint first = one.curve().get(0);
            assertThat(first.total()[0]).as("bf16's own number").isCloseTo(start.total(), within(0.03 * start.total()));
            JudgeLosses end = judge.judge(ten.images().get(0), content(), style());
            assertThat(ten.judged().get(0).total()).isEqualTo(end.total());
            assertThat(end.total()).as("ten bf16 evaluations improve the float32 verdict").isLessThan(0.5 * start.total());
        }
    }

    @Test
    void aChangeMidRunRebuildsTheLossAndContinuesFromTheCurrentImage() {
        StyleTransferSettings s = small().optScales("1").optMaxEvaluations(12).build();
        RunControl control = new RunControl();
        List<LossPoint> points = new ArrayList<>();
        AtomicReference<Thread> resumer = new AtomicReference<>();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()),
                List.of(StyleInput.of(style())), new StyleTransferListener() {
                    @Override
                    public void onEvaluation(LossPoint p) {
                        points.add(p);
                        if (p.evaluation() == 4) {
                            // what the studio does: pause, change a weight, resume from another thread
                            control.pause();
                            control.change(new RunControl.Change(small().optScales("1").optMaxEvaluations(12)
                                    .optStyleWeight(0.0).build(), null));
                            Thread t = new Thread(() -> {
                                sleep(200);
                                control.resume();
                            });
                            resumer.set(t);
                            t.start();
                        }
                    }
                }, control);
        assertThat(r.evaluations()).isLessThanOrEqualTo(12).isGreaterThan(5);
        LossPoint before = bestOf(points.subList(0, 4));
        LossPoint after = points.get(4);
        assertThat(after.style()[0]).as("style weight 0 from the change on").isZero();
        assertThat(before.style()[0]).isPositive();
        // the new segment starts from the best image so far: same content loss
        assertThat(after.content()[0]).isCloseTo(before.content()[0], within(1e-4 * before.content()[0]));
        assertThat(after.seconds() - points.get(3).seconds()).as("it waited while paused").isGreaterThan(0.15);
    }

    @Test
    void stopEndsTheRunWithTheCurrentImage() {
        StyleTransferSettings s = small().optScales("32,64").optMaxEvaluations(20).build();
        RunControl control = new RunControl();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(List.of(content()),
                List.of(StyleInput.of(style())), new StyleTransferListener() {
                    @Override
                    public void onEvaluation(LossPoint p) {
                        if (p.evaluation() == 3) {
                            control.stop();
                        }
                    }
                }, control);
        assertThat(r.evaluations()).isEqualTo(3);
        assertThat(r.images().get(0).width()).isEqualTo(32);
    }

    private static RgbImage plus(RgbImage a, RgbImage b, int sign) {
        float[] out = new float[a.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.pixels()[i] + sign * b.pixels()[i];
        }
        return new RgbImage(a.width(), a.height(), out);
    }

    private static LossPoint bestOf(List<LossPoint> points) {
        LossPoint best = points.get(0);
        for (LossPoint p : points) {
            if (p.total()[0] < best.total()[0]) {
                best = p;
            }
        }
        return best;
    }

    private static boolean inside(RgbImage im, int i, int plane) {
        for (int c = 0; c < 3; c++) {
            float v = im.pixels()[c * plane + i];
            if (v <= 0.002f || v >= 0.998f) {
                return false;
            }
        }
        return true;
    }

    private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        double d = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            d += Math.abs(a.pixels()[i] - b.pixels()[i]);
        }
        return d / a.pixels().length;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
