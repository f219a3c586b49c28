package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.gan.GanCheckpoint.Weights;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The rule of {@code --weights auto} on hand-computed cases. */
class GanWeightChoiceTest {
    private static WeightChoice auto(double decay, long n) {
        return WeightChoice.of(Weights.AUTO, decay, OptionalLong.of(n));
    }

    @Test
    void theShippedPlansNewestLayersKeepTwoThirdsOfTheirStartSoAutoUsesTheRawWeights() {
        // 0.999^400 = exp(400 ln 0.999) = exp(-0.40020) = 0.67019
        assertThat(WeightChoice.startShare(0.999, 400)).isCloseTo(0.67019, org.assertj.core.data.Offset.offset(1e-5));
        WeightChoice c = auto(0.999, 400);
        assertThat(c.weights()).isEqualTo(Weights.RAW);
        assertThat(c.describe()).isEqualTo("raw weights: the average of the newest layers still holds 67% of their"
                + " start");
        assertThat(c.averageDeclined()).isTrue();
    }

    @Test
    void theShippedPlansTopLevelBeginsAtIteration1100SoItsEndTrainedIt400Iterations() throws Exception {
        String json;
        try (var in = GrowthPlan.class.getResourceAsStream("/dev/atelier/gan/progressive.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        GrowthPlan plan = new GrowthPlan(dev.atelier.train.schedule.TrainingSchedule.compile(
                dev.atelier.train.schedule.PhasesFile.parse(json, "shipped").phases(), key -> 1000, 1));
        assertThat(plan.schedule().totalIterations()).isEqualTo(1500);
        assertThat(plan.levelStart(0)).isZero();
        assertThat(plan.levelStart(1)).isEqualTo(300);
        assertThat(plan.levelStart(2)).isEqualTo(700);
        assertThat(plan.levelStart(3)).isEqualTo(1100); // the 32-px fade-in's first iteration
        assertThat(1500 - plan.levelStart(3)).isEqualTo(400);
    }

    @Test
    void threeThousandIterationsWarmThePapersDecayUp() {
        // 0.999^3000 = exp(-3.0015) = 0.04972 <= 0.05
        WeightChoice c = auto(0.999, 3000);
        assertThat(c.weights()).isEqualTo(Weights.EMA);
        assertThat(c.describe()).isEqualTo("ema weights: auto: the average of the newest layers holds 4.9% of their start");
        // the threshold: ln 20 / -ln 0.999 = 2994.2, so 2994 iterations leave 5.002 % and 2995 leave 4.997 %
        assertThat(auto(0.999, 2994).weights()).isEqualTo(Weights.RAW);
        assertThat(auto(0.999, 2995).weights()).isEqualTo(Weights.EMA);
    }

    @Test
    void aFasterDecayWarmsUpInTheShippedPlan() {
        // 0.99^400 = exp(-4.0201) = 0.01795
        assertThat(WeightChoice.startShare(0.99, 400)).isCloseTo(0.01795, org.assertj.core.data.Offset.offset(1e-5));
        WeightChoice c = auto(0.99, 400);
        assertThat(c.weights()).isEqualTo(Weights.EMA);
        assertThat(c.describe()).isEqualTo("ema weights: auto: the average of the newest layers holds 1.7% of their start");
    }

    @Test
    void decayZeroIsTheRawWeightsAtOnce() {
        assertThat(WeightChoice.startShare(0, 0)).isZero(); // not Math.pow's 0^0 = 1
        assertThat(auto(0, 0).weights()).isEqualTo(Weights.EMA);
        assertThat(auto(0, 1).weights()).isEqualTo(Weights.EMA);
        assertThat(auto(0, 0).describe()).isEqualTo("ema weights: decay 0: the average is the raw weights");
    }

    @Test
    void beforeAnyTrainingOfTheNewestLayersTheAverageIsAllStart() {
        assertThat(WeightChoice.startShare(0.5, 0)).isEqualTo(1);
        assertThat(auto(0.5, 0).describe()).contains("still holds 100% of their start");
        // 0.5^5 = 0.03125
        assertThat(auto(0.5, 4).weights()).isEqualTo(Weights.RAW);
        assertThat(auto(0.5, 5).weights()).isEqualTo(Weights.EMA);
    }

    @Test
    void anExplicitChoiceIsKeptAndEmaWarnsWhenItHasNotWarmedUp() {
        assertThat(WeightChoice.of(Weights.RAW, 0.999, OptionalLong.of(5000)).describe()).isEqualTo("raw weights");
        assertThat(WeightChoice.of(Weights.EMA, 0.999, OptionalLong.of(5000)).describe()).isEqualTo("ema weights");
        WeightChoice early = WeightChoice.of(Weights.EMA, 0.999, OptionalLong.of(400));
        assertThat(early.weights()).isEqualTo(Weights.EMA);
        assertThat(early.describe()).isEqualTo("ema weights: the average of the newest layers still holds 67% of their"
                + " start");
    }

    @Test
    void whereTheCheckpointDoesNotSayAutoUsesTheRawWeights() {
        WeightChoice c = WeightChoice.of(Weights.AUTO, 0.999, OptionalLong.empty());
        assertThat(c.weights()).isEqualTo(Weights.RAW);
        assertThat(c.why()).contains("format-2");
        assertThat(c.averageDeclined()).as("the front end may say how to ask for the average").isTrue();
        assertThat(WeightChoice.of(Weights.EMA, 0.999, OptionalLong.empty()).weights()).isEqualTo(Weights.EMA);
    }

    @Test
    void percentagesRoundDownAndAutoIsNeverAChoice() {
        assertThat(WeightChoice.percent(0.6702)).isEqualTo("67%");
        assertThat(WeightChoice.percent(0.04999)).isEqualTo("4.9%");
        assertThat(WeightChoice.percent(0.0003)).isEqualTo("under 0.1%");
        assertThat(WeightChoice.percent(Math.pow(0.3, 3))).isEqualTo("2.7%"); // 0.026999999999999996
        assertThatThrownBy(() -> new WeightChoice(Weights.AUTO, "", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeightChoice.startShare(1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Weights.of("auto")).isEqualTo(Weights.AUTO);
    }
}
