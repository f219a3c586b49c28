package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coarse-to-fine harmonisation (random-weight VGG19, a 96x72 synthetic case): two scales, 48x36 then 96x72,
 * against the same budget spent on the one fine scale.
 */
class CoarseToFineTest {
    private static RgbImage painting;
    private static HarmonizationResult ladder;
    private static HarmonizationResult single;
    private static final List<String> events = new ArrayList<>();
    private static final List<LossPoint> points = new ArrayList<>();
    private static final List<RgbImage> scaleResults = new ArrayList<>();
    private static final List<Integer> snapshots = new ArrayList<>();

    @BeforeAll
    static void harmonize() {
        painting = StripedScene.painting(96, 72, 6, 5);
        Composite composite = Composite.place(painting, StripedScene.object(32, 5), StripedScene.disc(32, 14), 32, 20, 1);
        HarmonizationListener recorder = new HarmonizationListener() {
            @Override
            public void onStart(int maxEvaluations, int width, int height, int batch) {
                events.add("start " + maxEvaluations + " " + width + "x" + height);
            }

            @Override
            public void onScale(int index, int count, int width, int height, int evaluations) {
                events.add("scale " + index + "/" + count + " " + width + "x" + height + " " + evaluations);
            }

            @Override
            public void onPass(int scale, int pass, int evaluations) {
                events.add("pass " + scale + "." + pass + " " + evaluations);
            }

            @Override
            public void onEvaluation(LossPoint point) {
                points.add(point);
            }

            @Override
            public void onScaleFinished(int index, List<RgbImage> images) {
                scaleResults.add(images.get(0));
            }

            @Override
            public void onSnapshot(int evaluation, List<RgbImage> images) {
                snapshots.add(evaluation);
            }
        };
        try (VggFeatures vgg = VggFeatures.random(VggArchitecture.VGG19, 0)) {
            ladder = new Harmonizer(new HarmonizationSettings(96, 24, 5, 0, "48:12,96:12", 5), vgg)
                    .run(painting, composite, recorder);
            single = new Harmonizer(new HarmonizationSettings(96, 12, 5, 0, "1", 0), vgg)
                    .run(painting, composite, HarmonizationListener.NONE);
        }
    }

    @Test
    void everyScaleRunsBothPassesAndTheListenerHearsItInOrder() {
        assertThat(events).containsExactly("start 24 96x72", "scale 0/2 48x36 12", "pass 0.1 6", "pass 0.2 6",
                "scale 1/2 96x72 12", "pass 1.1 6", "pass 1.2 6");
        assertThat(ladder.passes()).extracting(PassSummary::scale, PassSummary::pass, PassSummary::width)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1, 48), org.assertj.core.groups.Tuple.tuple(0, 2, 48),
                        org.assertj.core.groups.Tuple.tuple(1, 1, 96), org.assertj.core.groups.Tuple.tuple(1, 2, 96));
        // evaluations are numbered across the run, each with its scale
        for (int i = 0; i < points.size(); i++) {
            assertThat(points.get(i).evaluation()).isEqualTo(i + 1);
            assertThat(points.get(i).scale()).isEqualTo(i < 12 ? 0 : 1);
        }
        assertThat(points).hasSize(24);
        assertThat(snapshots).containsExactly(5, 10, 15, 20);
    }

    @Test
    void theCoarsestResultIsAPreviewOfTheCoarseScaleBlendedIntoThePainting() {
        RgbImage preview = scaleResults.get(0);
        assertThat(preview.width()).isEqualTo(48);
        assertThat(preview.height()).isEqualTo(36);
        // the object's area was repainted, the far corner is the (downscaled) painting's own pixel
        RgbImage small = painting.resized(48, 36);
        assertThat(preview.pixels()[0]).isEqualTo(small.pixels()[0]);
        assertThat(scaleResults.get(1).width()).isEqualTo(96);
        assertThat(ladder.image().width()).isEqualTo(96);
    }

    @Test
    void theFineScaleStartsFromTheCoarseResultNotFromTheComposite() {
        // pass 1's content term is zero exactly where the pixels are the composite's: so at the coarsest
        // scale's first evaluation (started from the composite), and not at the fine scale's first, which
        // starts from the coarse result carried up (pass 1's losses are scaled per pass, so only their
        // zero-ness compares across passes)
        LossPoint coarseFirst = points.stream().filter(p -> p.scale() == 0).findFirst().orElseThrow();
        LossPoint fineFirst = points.stream().filter(p -> p.scale() == 1).findFirst().orElseThrow();
        assertThat(coarseFirst.content()[0]).isZero();
        assertThat(fineFirst.content()[0]).isPositive();
        assertThat(single.passes().get(0).width()).isEqualTo(96);
    }

    @Test
    void aScaleTooSmallForVggGivesItsEvaluationsToTheNext() {
        // 200x50, three scales sqrt2 apart: 100x25, 141x35, 200x50; ScaleLadder splits 30 as 15, 9, 6
        // (shares 1 : 0.6 : 0.36 of 27 free evaluations, largest remainders); the 25-px scale is dropped
        HarmonizationSettings s = new HarmonizationSettings(200, 30, 5, 0, "3", 0);
        assertThat(ScaleLadder.of("3", 200, 30, ScaleLadder.Split.COARSE_HEAVY).evaluations()).containsExactly(15, 9, 6);
        ScaleLadder l = Harmonizer.ladder(s, 200, 50);
        assertThat(l.longSides()).containsExactly(141, 200);
        assertThat(l.evaluations()).containsExactly(24, 6);
    }

    @Test
    void aScaleWhereTheMaskVanishesAtRelu5GivesItsEvaluationsToTheNext() {
        // a 20x20 object on a 128x96 painting: at 64x48 (10x10 px) its loose mask, averaged through VGG19's
        // convolutions and halved four times, is under a tenth in every relu5_1 cell; at 128x96 it is not
        // (found by building the pyramid for objects of 1..24 px: 12 px and up keep cells at 64x48)
        RgbImage p = new RgbImage(128, 96, new float[3 * 128 * 96]);
        Composite small = Composite.place(p, new RgbImage(20, 20, new float[3 * 400]), SoftMask.full(20, 20), 54, 38, 1);
        assertThat(MaskPyramid.build(VggArchitecture.VGG19, "relu5_1", HarmonizationMasks.of(small.resized(64, 48).mask(),
                2).loose().values(), 64, 48).get("relu5_1").insideCount()).isZero();
        HarmonizationSettings s = new HarmonizationSettings(128, 20, 5, 0, "64,128", 0);
        ScaleLadder l = Harmonizer.ladder(s, VggArchitecture.VGG19, small, 128, 96);
        assertThat(l.longSides()).containsExactly(128);
        assertThat(l.evaluations()).containsExactly(20);
        // and where it vanishes at the working size itself, the run is refused with one line
        Composite tiny = Composite.place(p, new RgbImage(1, 1, new float[3]), SoftMask.full(1, 1), 60, 44, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Harmonizer.ladder(s, VggArchitecture.VGG19, tiny, 128, 96))
                .isInstanceOf(dev.atelier.core.InvalidInputException.class).hasMessageContaining("the mask is too small");
    }

    @Test
    void aWorkingImageUnderThirtyTwoPixelsASideIsRefusedForItsSize() {
        // 200x20 brought to a long side of 64 is 64x6: VGG's four poolings would leave nothing of it
        RgbImage thin = StripedScene.painting(200, 20, 5, 1);
        Composite composite = Composite.place(thin, StripedScene.object(16, 4), StripedScene.disc(16, 6), 90, 2, 1);
        try (VggFeatures vgg = VggFeatures.random(VggArchitecture.VGG19, 0)) {
            Harmonizer harmonizer = new Harmonizer(new HarmonizationSettings(64, 10, 5, 0), vgg);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> harmonizer.run(thin, composite, HarmonizationListener.NONE))
                    .isInstanceOfSatisfying(dev.atelier.core.SettingException.class, e -> {
                        assertThat(e.key()).isEqualTo("size");
                        assertThat(e.detail()).contains("64x6").contains("at least 32 pixels").doesNotContain("--");
                    });
        }
    }
}
