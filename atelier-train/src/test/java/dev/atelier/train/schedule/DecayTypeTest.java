package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecayTypeTest {
    // start 1, end 0.1 (0.01 for exponential); values computed by hand from the issue's formulas.
    @ParameterizedTest(name = "{0} at pos {1} = {2}")
    @CsvSource({
        "none,            0,    1",
        "none,            0.5,  1",
        "none,            1,    1",
        "linear,          0,    1",
        "linear,          0.25, 0.775",   // 1 + (0.1-1)·0.25
        "linear,          0.5,  0.55",
        "linear,          1,    0.1",
        "cosine,          0,    1",
        "cosine,          0.5,  0.55",    // 0.1 + 0.45·(1+cos(π/2))
        "cosine,          0.25, 0.868198051533946", // 0.1 + 0.45·(1+√2/2)
        "cosine,          0.75, 0.231801948466054", // 0.1 + 0.45·(1-√2/2)
        "cosine,          1,    0.1",
        "polynomial(2),   0,    1",
        "polynomial(2),   0.5,  0.325",   // 0.1 + 0.9·0.25
        "polynomial(2),   0.9,  0.109",   // 0.1 + 0.9·0.01
        "polynomial(0.5), 0.75, 0.55",    // 0.1 + 0.9·√0.25
        "polynomial(2),   1,    0.1",
    })
    void decayShapesFollowTheIssueFormulas(String decay, double pos, double expected) {
        assertThat(DecayType.parse(decay).value(1, 0.1, pos)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "exponential 1 -> 0.01 at pos {0} = {1}")
    @CsvSource({"0, 1", "0.5, 0.1", "0.25, 0.316227766016838", "1, 0.01"})
    void exponentialIsGeometric(double pos, double expected) {
        assertThat(DecayType.EXPONENTIAL.value(1, 0.01, pos)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aDecayWithoutEndGoesToZero() {
        ScheduledValue v = ScheduledValue.decaying(0.4, DecayType.LINEAR);
        assertThat(v.end()).isZero();
        assertThat(v.at(0.5)).isCloseTo(0.2, within(1e-15));
        assertThat(ScheduledValue.decaying(0.4, DecayType.COSINE).at(1)).isCloseTo(0, within(1e-15));
    }

    @Test
    void exponentialWithoutEndIsRejected() {
        assertThatThrownBy(() -> ScheduledValue.decaying(0.1, DecayType.EXPONENTIAL))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exponential");
        assertThatThrownBy(() -> ScheduledValue.of(0.1, 0, DecayType.EXPONENTIAL))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ScheduledValue.of(0.1, -0.1, DecayType.EXPONENTIAL))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void noneIgnoresAnyEnd() {
        ScheduledValue v = ScheduledValue.of(0.3, 0.1, DecayType.NONE);
        assertThat(v.end()).isEqualTo(0.3);
        assertThat(v.at(1)).isEqualTo(0.3);
    }

    @Test
    void labelsRoundTrip() {
        for (DecayType d : new DecayType[] {DecayType.NONE, DecayType.LINEAR, DecayType.COSINE,
                DecayType.EXPONENTIAL, DecayType.polynomial(2), DecayType.polynomial(0.5)}) {
            assertThat(DecayType.parse(d.label())).isEqualTo(d);
        }
    }

    @Test
    void unknownDecayAndBadPowerAreRejected() {
        assertThatThrownBy(() -> DecayType.parse("triangular")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown decay 'triangular'");
        assertThatThrownBy(() -> DecayType.polynomial(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DecayType.parse("polynomial(x)")).isInstanceOf(InvalidInputException.class);
    }
}
