package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleLadderTest {
    private static final ScaleLadder.Split COARSE = ScaleLadder.Split.COARSE_HEAVY;

    @Test
    void stylizesAutoDoublesFromAbout128ToTheOutputSize() {
        assertThat(ScaleLadder.of("auto", 512, 50).longSides()).containsExactly(128, 256, 512);
        assertThat(ScaleLadder.of("auto", 384, 50).longSides()).containsExactly(192, 384);
        assertThat(ScaleLadder.of("auto", 2048, 50).longSides()).containsExactly(128, 256, 512, 1024, 2048);
        assertThat(ScaleLadder.of("auto", 64, 50).longSides()).containsExactly(64);
    }

    @Test
    void harmonizesAutoStepsBySqrtTwoFromAbout128ToTheOutputSize() {
        assertThat(ScaleLadder.of("auto", 512, 100, COARSE).longSides()).containsExactly(128, 181, 256, 362, 512);
        assertThat(ScaleLadder.of("auto", 384, 100, COARSE).longSides()).containsExactly(136, 192, 272, 384);
        assertThat(ScaleLadder.of("auto", 64, 100, COARSE).longSides()).containsExactly(64);
    }

    @Test
    void finestHeavySplitByHand() {
        // 50: the finest round(0.4 * 50) = 20, the preview 16, the 14 left to the scale between
        assertThat(ScaleLadder.of("auto", 512, 50).evaluations()).containsExactly(16, 14, 20);
        // two scales: the finest also takes what the preview leaves, 20 + (30 - 16)
        assertThat(ScaleLadder.of("auto", 384, 50).evaluations()).containsExactly(16, 34);
        // five scales (--scales 5), 50: 20 and 16, then 14 over three scales: 5, 5, 4
        assertThat(ScaleLadder.of("5", 512, 50).evaluations()).containsExactly(16, 5, 5, 4, 20);
        // 300: 120 at the finest, 16, then 164 over three: 55, 55, 54
        assertThat(ScaleLadder.finestHeavy(5, 300)).containsExactly(16, 55, 55, 54, 120);
        // small budgets: at least one each, the finest first served
        assertThat(ScaleLadder.finestHeavy(3, 3)).containsExactly(1, 1, 1);
        assertThat(ScaleLadder.finestHeavy(3, 4)).containsExactly(1, 1, 2);
        assertThat(ScaleLadder.finestHeavy(3, 10)).containsExactly(5, 1, 4);
    }

    @Test
    void aCountOrAListSetsTheScales() {
        assertThat(ScaleLadder.of("1", 512, 100).longSides()).containsExactly(512);
        assertThat(ScaleLadder.of("3", 512, 100).longSides()).containsExactly(256, 362, 512);
        assertThat(ScaleLadder.of("3", 512, 100, COARSE).longSides()).containsExactly(256, 362, 512);
        assertThat(ScaleLadder.of("200, 512", 512, 100).longSides()).containsExactly(200, 512);
    }

    @ParameterizedTest
    @CsvSource({"auto,512,100", "auto,512,7", "auto,512,5", "3,512,4", "1,512,1", "auto,384,300", "6,2048,31"})
    void theBudgetIsSplitExactlyWithAtLeastOneEvaluationEachAndMostWhereCheap(String spec, int size, int budget) {
        ScaleLadder l = ScaleLadder.of(spec, size, budget, COARSE);
        assertThat(l.totalEvaluations()).isEqualTo(budget);
        assertThat(l.evaluations()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(l.count() == 1 || l.evaluations().get(0) <= ScaleLadder.PREVIEW_EVALUATIONS).isTrue();
        for (int k = 2; k < l.count(); k++) {
            assertThat(l.evaluations().get(k)).isLessThanOrEqualTo(l.evaluations().get(k - 1));
        }
    }

    @ParameterizedTest
    @CsvSource({"auto,512,50", "auto,512,7", "auto,512,3", "3,512,4", "1,512,1", "auto,384,300", "6,2048,31", "auto,2048,6"})
    void theFinestHeavyBudgetIsSplitExactlyWithAtLeastOneEvaluationEach(String spec, int size, int budget) {
        ScaleLadder l = ScaleLadder.of(spec, size, budget);
        assertThat(l.totalEvaluations()).isEqualTo(budget);
        assertThat(l.evaluations()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(l.count() == 1 || l.evaluations().get(0) <= ScaleLadder.PREVIEW_EVALUATIONS).isTrue();
    }

    @Test
    void explicitCountsPerScaleAreTheBudget() {
        ScaleLadder l = ScaleLadder.of("256:40, 512:12", 512, 300);
        assertThat(l.longSides()).containsExactly(256, 512);
        assertThat(l.evaluations()).containsExactly(40, 12);
        assertThatThrownBy(() -> ScaleLadder.of("256:40,512", 512, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("every size or for none");
        assertThatThrownBy(() -> ScaleLadder.of("256:0,512:3", 512, 10)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fewerEvaluationsThanScalesKeepTheFinest() {
        ScaleLadder l = ScaleLadder.of("auto", 512, 2, COARSE);
        assertThat(l.longSides()).containsExactly(362, 512);
        assertThat(ScaleLadder.of("auto", 512, 2).longSides()).containsExactly(256, 512);
        assertThat(l.evaluations()).isEqualTo(List.of(1, 1));
    }

    @Test
    void splitFollowsTheFinerShareByHand() {
        // 3 scales, 103 evaluations: 1 each, then 100 split 1 : 0.6 : 0.36 (sum 1.96):
        // 51.02, 30.61, 18.37 -> floors 51, 30, 18 (99), the remainder goes to the largest fraction (30.61).
        assertThat(ScaleLadder.shares(3, 103)).containsExactly(52, 32, 19);
        // the coarsest (the preview) is capped at 16; the other 87 split 1 : 0.6 after one each:
        // 85/1.6 = 53.125, 31.875 -> 54, 32, and the last one to the larger fraction -> 54, 33
        assertThat(ScaleLadder.split(3, 103)).containsExactly(16, 54, 33);
        assertThat(ScaleLadder.split(3, 20)).containsExactly(10, 6, 4);
    }

    @Test
    void badSpecsAreOneLine() {
        assertThatThrownBy(() -> ScaleLadder.of("512,256", 512, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("increase");
        assertThatThrownBy(() -> ScaleLadder.of("128,256", 512, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("output size 512");
        assertThatThrownBy(() -> ScaleLadder.of("0", 512, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ScaleLadder.of("9", 64, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> ScaleLadder.of("fine", 512, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("auto, a count or a list");
    }
}
