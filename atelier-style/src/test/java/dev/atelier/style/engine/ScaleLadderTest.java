package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScaleLadderTest {
    @Test
    void autoStepsBySqrtTwoFromAbout128ToTheOutputSize() {
        assertThat(ScaleLadder.of("auto", 512, 100).longSides()).containsExactly(128, 181, 256, 362, 512);
        assertThat(ScaleLadder.of("auto", 384, 100).longSides()).containsExactly(136, 192, 272, 384);
        assertThat(ScaleLadder.of("auto", 64, 100).longSides()).containsExactly(64);
    }

    @Test
    void aCountOrAListSetsTheScales() {
        assertThat(ScaleLadder.of("1", 512, 100).longSides()).containsExactly(512);
        assertThat(ScaleLadder.of("3", 512, 100).longSides()).containsExactly(256, 362, 512);
        assertThat(ScaleLadder.of("200, 512", 512, 100).longSides()).containsExactly(200, 512);
    }

    @ParameterizedTest
    @CsvSource({"auto,512,100", "auto,512,7", "auto,512,5", "3,512,4", "1,512,1", "auto,384,300", "6,2048,31"})
    void theBudgetIsSplitExactlyWithAtLeastOneEvaluationEachAndMostWhereCheap(String spec, int size, int budget) {
        ScaleLadder l = ScaleLadder.of(spec, size, budget);
        assertThat(l.totalEvaluations()).isEqualTo(budget);
        assertThat(l.evaluations()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(l.count() == 1 || l.evaluations().get(0) <= ScaleLadder.PREVIEW_EVALUATIONS).isTrue();
        for (int k = 2; k < l.count(); k++) {
            assertThat(l.evaluations().get(k)).isLessThanOrEqualTo(l.evaluations().get(k - 1));
        }
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
        ScaleLadder l = ScaleLadder.of("auto", 512, 2);
        assertThat(l.longSides()).containsExactly(362, 512);
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
