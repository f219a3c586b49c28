package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.image.RgbImage;
import org.junit.jupiter.api.Test;

/** The painting's noise level is measured at 700 px long side (or its own size), whatever the working size. */
class PaintingNoiseTest {
    @Test
    void aLargePaintingIsMeasuredAt700PixelsASmallOneAtItsOwnSize() {
        RgbImage large = StripedScene.painting(1000, 400, 7, 1);
        RgbImage at700 = PaintingNoise.atEstimateSize(large);
        assertThat(at700.width()).isEqualTo(700);
        assertThat(at700.height()).isEqualTo(280);
        assertThat(PaintingNoise.estimate(large)).isEqualTo(PaintingNoise.level(large.resized(700, 280)));
        // resizing changes the level, so measuring at another size would give another value
        assertThat(PaintingNoise.level(large)).isNotEqualTo(PaintingNoise.estimate(large));
        RgbImage small = StripedScene.painting(300, 200, 5, 2);
        assertThat(PaintingNoise.atEstimateSize(small)).isSameAs(small);
        assertThat(PaintingNoise.estimate(small)).isEqualTo(PaintingNoise.level(small));
    }

    @Test
    void theTvWeightOfAPaintingDoesNotDependOnTheWorkingSize() {
        RgbImage painting = StripedScene.painting(128, 96, 5, 3);
        Composite composite = Composite.place(painting, StripedScene.object(40, 6), StripedScene.disc(40, 17), 40, 24, 1);
        // the working-size copies differ in noise: the old estimate (at the working size) moved with the size
        assertThat(PaintingNoise.level(painting.resized(64, 48))).isNotEqualTo(PaintingNoise.level(painting.resized(96, 72)));
        HarmonizationResult at64;
        HarmonizationResult at96;
        try (VggFeatures vgg = VggFeatures.random(VggArchitecture.VGG19, 0)) {
            at64 = new Harmonizer(new HarmonizationSettings(64, 2, 5, 0, "1", 0), vgg).run(painting, composite,
                    HarmonizationListener.NONE);
            at96 = new Harmonizer(new HarmonizationSettings(96, 2, 5, 0, "1", 0), vgg).run(painting, composite,
                    HarmonizationListener.NONE);
        }
        assertThat(at64.image().width()).isEqualTo(64);
        assertThat(at96.image().width()).isEqualTo(96);
        assertThat(at64.noise()).isEqualTo(PaintingNoise.level(painting));
        assertThat(at96.noise()).isEqualTo(at64.noise());
        assertThat(at96.tvWeight()).isEqualTo(at64.tvWeight());
    }
}
