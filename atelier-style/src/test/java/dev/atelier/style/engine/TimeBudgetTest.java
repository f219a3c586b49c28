package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.SettingException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The time budget's text, and how a deadline shares it over scales, on a clock the test moves. */
class TimeBudgetTest {
    @Test
    void readsSecondsAndDurationsAndWritesThemBack() {
        assertThat(TimeBudget.parse("30s").seconds()).isEqualTo(30);
        assertThat(TimeBudget.parse("90").seconds()).isEqualTo(90);
        assertThat(TimeBudget.parse("1m30s").seconds()).isEqualTo(90);
        assertThat(TimeBudget.parse("2m").seconds()).isEqualTo(120);
        assertThat(TimeBudget.parse("1.5h").seconds()).isEqualTo(5400);
        assertThat(TimeBudget.parse(" 1H2M3S ").seconds()).isEqualTo(3723);
        assertThat(TimeBudget.parse("off").isSet()).isFalse();
        assertThat(TimeBudget.parse("1m30s").describe()).isEqualTo("1m30s");
        assertThat(TimeBudget.parse("3723").describe()).isEqualTo("1h2m3s");
        assertThat(TimeBudget.parse("2.5").describe()).isEqualTo("2.50s");
        assertThat(TimeBudget.NONE.describe()).isEqualTo("off");
        for (String t : new String[] {"2m", "45s", "1h", "1h1s", "off"}) {
            assertThat(TimeBudget.parse(TimeBudget.parse(t).describe())).isEqualTo(TimeBudget.parse(t));
        }
    }

    @Test
    void refusesWhatIsNotADurationOrOutsideItsRange() {
        for (String bad : new String[] {"", "abc", "-5s", "30s2m", "1m1m", "5 m", "0", "0s", "0.5s", "25h",
                "1e9", "NaN"}) {
            assertThatThrownBy(() -> TimeBudget.parse(bad)).as(bad).isInstanceOf(SettingException.class)
                    .hasMessageContaining("time");
        }
    }

    @Test
    void eachScaleGetsItsShareOfWhatIsLeftAndTheLastEndsAtTheBudget() {
        AtomicLong now = new AtomicLong();
        // two scales whose work is 1 : 3: of a 100 s budget the first may use 25 s
        RunDeadline d = new RunDeadline(new TimeBudget(100), new double[] {1, 3}, now::get, () -> 0L);
        d.beginScale(0);
        d.beginSegment();
        assertThat(d.scaleMustEnd()).as("no evaluation timed yet").isFalse();
        advance(now, 24);
        d.evaluated();
        assertThat(d.scaleMustEnd()).as("the first evaluation, which also builds targets, predicts nothing").isFalse();
        now.set(0);
        d.beginScale(0);
        d.beginSegment();
        advance(now, 1);
        d.evaluated();
        advance(now, 9);
        d.evaluated();
        assertThat(d.scaleMustEnd()).as("at 10 s another 9 s evaluation ends at 19 s < 25 s").isFalse();
        advance(now, 10);
        d.evaluated();
        assertThat(d.scaleMustEnd()).as("at 20 s the next (10 s) would end at 30 s > 25 s").isTrue();
        assertThat(d.runMustEnd()).isFalse();
        // the first scale stopped at 20 s: the last takes all of the 80 s left
        d.beginScale(1);
        d.beginSegment();
        advance(now, 30);
        d.evaluated();
        advance(now, 30);
        d.evaluated();
        assertThat(d.scaleMustEnd()).as("at 80 s a 30 s evaluation would end past 100 s").isTrue();
        assertThat(d.runMustEnd()).isTrue();
        assertThat(d.left()).isEqualTo(20.0);
    }

    @Test
    void aScaleThatRanLongLeavesLessToTheRestAndPausedTimeDoesNotCount() {
        AtomicLong now = new AtomicLong();
        AtomicLong held = new AtomicLong();
        RunDeadline d = new RunDeadline(new TimeBudget(60), new double[] {1, 1, 1}, now::get, held::get);
        d.beginScale(0);
        d.beginSegment();
        advance(now, 15);
        d.evaluated();
        advance(now, 15);
        d.evaluated();
        // 30 s left for two equal scales: the second ends at 45 s
        d.beginScale(1);
        d.beginSegment();
        advance(now, 5);
        d.evaluated();
        advance(now, 5);
        d.evaluated();
        assertThat(d.scaleMustEnd()).isFalse();
        // a pause of 100 s: the clock of the run does not move
        advance(now, 100);
        advance(held, 100);
        assertThat(d.elapsed()).isEqualTo(40.0);
        assertThat(d.scaleMustEnd()).as("40 + 5 is not past 45").isFalse();
        advance(now, 1);
        assertThat(d.scaleMustEnd()).as("41 + 5 is past 45").isTrue();
    }

    @Test
    void withoutABudgetNothingEnds() {
        RunDeadline d = RunDeadline.none();
        d.beginScale(0);
        d.evaluated();
        assertThat(d.scaleMustEnd()).isFalse();
        assertThat(d.runMustEnd()).isFalse();
        assertThat(d.left()).isInfinite();
    }

    private static void advance(AtomicLong clock, double seconds) {
        clock.addAndGet(Math.round(seconds * 1e9));
    }
}
