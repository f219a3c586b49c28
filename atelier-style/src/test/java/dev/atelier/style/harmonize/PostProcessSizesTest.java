package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostProcessSizesTest {
    @Test
    void atTheAuthorsSizeTheyAreTheAuthorsOwn() {
        assertThat(PostProcessSizes.at(700)).isEqualTo(new PostProcessSizes(2, 7));
        assertThat(PostProcessSizes.AUTHORS).isEqualTo(new PostProcessSizes(2, 7));
    }

    @Test
    void theFastBudgetAndFiveTwelveGetTheirShare() {
        // 2·256/700 = 0.73, 7·256/700 = 2.56; 2·512/700 = 1.46, 7·512/700 = 5.12
        assertThat(PostProcessSizes.at(256)).isEqualTo(new PostProcessSizes(1, 3));
        assertThat(PostProcessSizes.at(512)).isEqualTo(new PostProcessSizes(1, 5));
        // 2·1400/700 = 4, 7·1200/700 = 12 → 11 or 13, the nearest odd either way; 7·1300/700 = 13
        assertThat(PostProcessSizes.at(1400).chromaRadius()).isEqualTo(4);
        assertThat(PostProcessSizes.at(1300).patchWidth()).isEqualTo(13);
    }

    @Test
    void everySizeIsTheNearestAllowedToTheScaledOne() {
        for (int side = 1; side <= 3000; side++) {
            PostProcessSizes s = PostProcessSizes.at(side);
            double radius = 2.0 * side / 700;
            double width = 7.0 * side / 700;
            assertThat(s.chromaRadius()).isGreaterThanOrEqualTo(1);
            assertThat(s.patchWidth() % 2).isEqualTo(1);
            assertThat(s.patchWidth()).isGreaterThanOrEqualTo(3);
            if (radius >= 1) {
                assertThat(Math.abs(s.chromaRadius() - radius)).isLessThanOrEqualTo(0.5);
            }
            if (width >= 3) {
                assertThat(Math.abs(s.patchWidth() - width)).isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> PostProcessSizes.at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostProcessSizes(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostProcessSizes(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
