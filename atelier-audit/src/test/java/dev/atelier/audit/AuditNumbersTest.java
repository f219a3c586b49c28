package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditNumbersTest {
    @Test
    void ratiosNearABoundKeepTheDecimalsThatShowWhichSideTheyAreOn() {
        assertThat(AuditNumbers.ratio(0.7955, 0.8, 1.25)).isEqualTo("0.796×");
        assertThat(AuditNumbers.ratio(0.8, 0.8, 1.25)).isEqualTo("0.80×");
        assertThat(AuditNumbers.ratio(1.2504, 0.8, 1.25)).isEqualTo("1.2504×");
        assertThat(AuditNumbers.ratio(0.52, 0.8, 1.25)).isEqualTo("0.52×");
        assertThat(AuditNumbers.ratio(Double.POSITIVE_INFINITY, 0.8, 1.25)).isEqualTo("∞×");
        assertThat(AuditNumbers.ratio(Double.NaN, 0.8, 1.25)).isEqualTo("n/a");
    }

    @Test
    void percentagesPointsAndIntervals() {
        assertThat(AuditNumbers.percent(805.0 / 1795)).isEqualTo("44.8%");
        assertThat(AuditNumbers.points(0.214)).isEqualTo("+21.4 pp");
        assertThat(AuditNumbers.points(-0.05)).isEqualTo("-5.0 pp");
        assertThat(AuditNumbers.rateWithInterval(Rate.of(8, 10))).isEqualTo("80.0% (49.0–94.3)");
        assertThat(AuditNumbers.rateWithInterval(Rate.of(0, 0))).isEqualTo("n/a");
    }
}
