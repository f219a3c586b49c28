package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real engine with a time budget: it ends by the time, within about an evaluation, every scale used. */
class TimeBudgetRunTest {
    @Test
    void aRunWithATimeBudgetEndsByItsTimeNotByTheDefaultEvaluationCount() {
        StyleTransferSettings s = StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16).optSize(192)
                .optSeed(3).optContentLayers(List.of("relu2_2")).optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0))
                .optScales("96,192").optTime(new TimeBudget(3)).build();
        // 192 px so that no scale can converge within its share, even on a machine several times faster
        // than this one (random weights converge after ~150 evaluations; here ~40 fit in 3 s)
        assertThat(s.maxEvaluations()).isEqualTo(StyleTransferSettings.EVALUATIONS_WITHIN_TIME);
        List<LossPoint> points = new ArrayList<>();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(
                List.of(StyleTransferEngineTest.content()), List.of(StyleInput.of(StyleTransferEngineTest.style())),
                new StyleTransferListener() {
                    @Override
                    public void onEvaluation(LossPoint p) {
                        points.add(p);
                    }
                }, new RunControl());
        assertThat(r.reason()).isEqualTo(StopReason.TIME_BUDGET);
        double longest = 0;
        for (int i = 1; i < points.size(); i++) {
            longest = Math.max(longest, points.get(i).seconds() - points.get(i - 1).seconds());
        }
        LossPoint last = points.get(points.size() - 1);
        // within one evaluation of the budget (and the clock starts before the first scale's targets)
        assertThat(last.seconds()).isLessThanOrEqualTo(3 + longest);
        assertThat(last.seconds()).isGreaterThan(3 - 2 * longest - 0.5);
        assertThat(points.stream().map(LossPoint::scale).distinct()).containsExactly(0, 1);
        assertThat(r.judged().get(0)).as("a finished run is judged").isNotNull();
    }

    @Test
    void anEvaluationBudgetGivenWithTheTimeEndsTheRunWhenItComesFirst() {
        StyleTransferSettings s = StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16).optSize(64)
                .optSeed(3).optContentLayers(List.of("relu2_2")).optStyleLayers(Map.of("relu1_1", 1.0))
                .optScales("1").optMaxEvaluations(5).optTime(new TimeBudget(600)).build();
        StyleTransferResult r = new StyleTransferEngine(s, NetworkWeights.random()).run(
                List.of(StyleTransferEngineTest.content()), List.of(StyleInput.of(StyleTransferEngineTest.style())),
                new StyleTransferListener() {}, new RunControl());
        assertThat(r.evaluations()).isLessThanOrEqualTo(5);
        assertThat(r.reason()).isNotEqualTo(StopReason.TIME_BUDGET);
        assertThat(s.timeShares()).containsExactly(5);
    }
}
