package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiasAuditTest {
    /** Builds cases from (group, label, prediction, count) blocks. */
    private static final class Cases {
        final List<String> labels = new ArrayList<>();
        final List<String> predictions = new ArrayList<>();
        final List<String> groups = new ArrayList<>();

        Cases add(String group, String label, String prediction, int count) {
            for (int i = 0; i < count; i++) {
                groups.add(group);
                labels.add(label);
                predictions.add(prediction);
            }
            return this;
        }

        AuditInput input() {
            return AuditInput.builder().setLabels(labels).optPredictions(predictions).addGroup("g", groups).build();
        }
    }

    @Test
    void ratesAndDisparitiesFromHandCountedCases() {
        // a: TP 6, FP 2, TN 8, FN 4 (n 20); b: TP 3, FP 3, TN 3, FN 1 (n 10).
        AuditInput input = new Cases()
                .add("a", "1", "1", 6).add("a", "0", "1", 2).add("a", "0", "0", 8).add("a", "1", "0", 4)
                .add("b", "1", "1", 3).add("b", "0", "1", 3).add("b", "0", "0", 3).add("b", "1", "0", 1)
                .input();
        AuditReport report = BiasAudit.run(input);
        GroupingAudit g = report.forClass("1").grouping("g");
        assertThat(g.reference()).isEqualTo("a"); // the larger group
        GroupStats b = g.group("b");
        assertThat(b.rate(Metric.BASE_RATE).value()).isEqualTo(4.0 / 10);
        assertThat(b.rate(Metric.SELECTION_RATE).value()).isEqualTo(6.0 / 10);
        assertThat(b.rate(Metric.ACCURACY).value()).isEqualTo(6.0 / 10);
        assertThat(b.rate(Metric.FALSE_POSITIVE_RATE).value()).isEqualTo(3.0 / 6);
        assertThat(b.rate(Metric.FALSE_NEGATIVE_RATE).value()).isEqualTo(1.0 / 4);
        assertThat(b.rate(Metric.PRECISION).value()).isEqualTo(3.0 / 6);
        // a's FPR is 2/10, so b's ratio is 0.5 / 0.2 = 2.5 and its difference +0.3.
        Disparity fpr = g.disparity("b", Metric.FALSE_POSITIVE_RATE).orElseThrow();
        assertThat(fpr.ratio()).isCloseTo(2.5, within(1e-12));
        assertThat(fpr.difference()).isCloseTo(0.3, within(1e-12));
        assertThat(fpr.beyondBounds()).isTrue();
        // Ten cases cannot pin a rate down to 20 points: b is marked too small, a's FNR (10 cases) too.
        assertThat(fpr.uncertain()).isTrue();
        assertThat(report.flags()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Flag.Kind.TOO_SMALL);
            assertThat(f.group()).isEqualTo("b");
            assertThat(f.message()).contains("n = 10", "too few cases to judge");
        });
        // Accuracy 0.6 vs 0.7: ratio 0.857, inside the four-fifths bounds, so not flagged.
        assertThat(g.disparity("b", Metric.ACCURACY).orElseThrow().beyondBounds()).isFalse();
        assertThat(report.forClass("1").overall().counts()).isEqualTo(new ConfusionCounts(9, 5, 11, 5));
    }

    @Test
    void widerBoundsAndLooserWidthLimitSilenceTheFlags() {
        AuditInput input = new Cases()
                .add("a", "1", "1", 6).add("a", "0", "1", 2).add("a", "0", "0", 8).add("a", "1", "0", 4)
                .add("b", "1", "1", 3).add("b", "0", "1", 3).add("b", "0", "0", 3).add("b", "1", "0", 1)
                .input();
        AuditReport report = BiasAudit.run(input,
                AuditOptions.builder().optRatioBounds(0.1, 10).optMaxIntervalWidth(1).build());
        assertThat(report.flags()).isEmpty();
    }

    @Test
    void zeroReferenceRateGivesInfiniteFlaggedRatio() {
        // a never has a false positive; b does.
        AuditInput input = new Cases().add("a", "0", "0", 30).add("a", "1", "1", 30)
                .add("b", "0", "1", 5).add("b", "0", "0", 5).add("b", "1", "1", 10).input();
        GroupingAudit g = BiasAudit.run(input).forClass("1").grouping("g");
        Disparity fpr = g.disparity("b", Metric.FALSE_POSITIVE_RATE).orElseThrow();
        assertThat(fpr.ratio()).isInfinite();
        assertThat(fpr.beyondBounds()).isTrue();
        // Both FNRs are 0: equal, but the ratio 0/0 is undefined and not flagged.
        Disparity fnr = g.disparity("b", Metric.FALSE_NEGATIVE_RATE).orElseThrow();
        assertThat(fnr.ratio()).isNaN();
        assertThat(fnr.beyondBounds()).isFalse();
        assertThat(fnr.difference()).isEqualTo(0.0);
    }

    @Test
    void positiveClassIsInferredOnlyForObviousBinaryLabels() {
        AuditInput yesNo = AuditInput.builder().setLabels(List.of("No", "Yes", "Yes"))
                .optPredictions(List.of("No", "No", "Yes")).addGroup("g", List.of("x", "x", "y")).build();
        assertThat(BiasAudit.run(yesNo).classes()).extracting(ClassAudit::positiveClass).containsExactly("Yes");

        AuditInput catDog = AuditInput.builder().setLabels(List.of("cat", "dog"))
                .optPredictions(List.of("cat", "cat")).addGroup("g", List.of("x", "y")).build();
        assertThatThrownBy(() -> BiasAudit.run(catDog)).isInstanceOfSatisfying(SettingException.class, e -> {
            assertThat(e.key()).isEqualTo("positive");
            assertThat(e.detail()).endsWith(" has values 'cat', 'dog'; say which is the positive class");
        });
        assertThat(BiasAudit.run(catDog, AuditOptions.builder().optPositiveClass("dog").build())
                .forClass("dog").overall().counts()).isEqualTo(new ConfusionCounts(0, 0, 1, 1));
        assertThatThrownBy(() -> BiasAudit.run(catDog, AuditOptions.builder().optPositiveClass("cow").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'cow' does not occur");
    }

    @Test
    void predictionsInOtherValuesThanTheLabelsAreRejected() {
        AuditInput input = AuditInput.builder().setLabels(List.of("0", "1"))
                .optPredictions(List.of("Low", "High")).addGroup("g", List.of("x", "y")).build();
        assertThatThrownBy(() -> BiasAudit.run(input)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("share no value");
    }

    @Test
    void oneVsRestFromModelOutputsWithClassNamesAndPerClassAuc() {
        // Three classes; class scores rank "bird" perfectly and "dog" not at all (constant).
        int[] labels = {0, 1, 2, 2, 0, 1};
        int[] predicted = {0, 2, 2, 2, 1, 1};
        double[][] probabilities = {
            {0.7, 0.2, 0.1}, {0.1, 0.2, 0.7}, {0.1, 0.2, 0.8}, {0.2, 0.2, 0.6}, {0.3, 0.2, 0.5}, {0.2, 0.2, 0.6}
        };
        AuditInput input = AuditInput.builder().setLabels(labels).optPredictions(predicted)
                .optClassScores(probabilities).optClassNames(List.of("cat", "dog", "bird"))
                .addGroup("site", List.of("n", "n", "n", "s", "s", "s")).build();
        assertThatThrownBy(() -> BiasAudit.run(input)).hasMessageContaining("not binary");
        AuditReport report = BiasAudit.run(input, AuditOptions.builder().optOneVsRest(true).build());
        assertThat(report.classes()).extracting(ClassAudit::positiveClass).containsExactly("bird", "cat", "dog");
        // bird vs rest: labels bird at cases 3, 4; predicted bird at 2, 3, 4 → TP 2, FP 1, TN 3, FN 0.
        assertThat(report.forClass("bird").overall().counts()).isEqualTo(new ConfusionCounts(2, 1, 3, 0));
        // bird scores 0.8, 0.6 for the birds; 0.1, 0.7, 0.5, 0.6 for the rest:
        // pairs won 0.8: 4; 0.6: beats 0.1, 0.5, ties 0.6 → 2.5; total 6.5 / 8.
        assertThat(report.forClass("bird").overall().auc().getAsDouble()).isCloseTo(6.5 / 8, within(1e-12));
        assertThat(report.forClass("dog").overall().auc().getAsDouble()).isEqualTo(0.5);
    }

    @Test
    void oneVsRestNeedsPredictions() {
        AuditInput input = AuditInput.builder().setLabels(List.of("a", "b", "c")).optScores(new double[] {1, 2, 3})
                .addGroup("g", List.of("x", "y", "z")).build();
        assertThatThrownBy(() -> BiasAudit.run(input, AuditOptions.builder().optOneVsRest(true).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("one-vs-rest needs predicted labels");
    }

    @Test
    void twoGroupColumnsGiveEachAloneAndTheirIntersection() {
        List<String> race = List.of("w", "w", "w", "b", "b", "b", "b", "b");
        List<String> sex = List.of("f", "m", "m", "f", "f", "m", "m", "m");
        List<String> y = List.of("1", "0", "1", "0", "1", "0", "1", "1");
        AuditInput input = AuditInput.builder().setLabels(y).optPredictions(y).addGroup("race", race)
                .addGroup("sex", sex).build();
        ClassAudit audit = BiasAudit.run(input).forClass("1");
        assertThat(audit.groupings()).extracting(GroupingAudit::name).containsExactly("race", "sex", "race & sex");
        GroupingAudit both = audit.grouping("race & sex");
        assertThat(both.columns()).containsExactly("race", "sex");
        assertThat(both.groups()).extracting(GroupStats::group)
                .containsExactlyInAnyOrder("w & f", "w & m", "b & f", "b & m");
        assertThat(both.group("b & m").size()).isEqualTo(3);
        assertThat(both.reference()).isEqualTo("b & m"); // largest
        long sum = both.groups().stream().mapToLong(GroupStats::size).sum();
        assertThat(sum).isEqualTo(8);
    }

    @Test
    void referencesByValueOrColumnAndTheirIntersection() {
        List<String> race = List.of("w", "w", "w", "b", "b", "b", "b", "b");
        List<String> sex = List.of("f", "m", "m", "f", "f", "m", "m", "m");
        List<String> y = List.of("1", "0", "1", "0", "1", "0", "1", "1");
        AuditInput input = AuditInput.builder().setLabels(y).optPredictions(y).addGroup("race", race)
                .addGroup("sex", sex).build();
        ClassAudit audit = BiasAudit.run(input,
                AuditOptions.builder().optReference("w").optReference("sex=f").build()).forClass("1");
        assertThat(audit.grouping("race").reference()).isEqualTo("w");
        assertThat(audit.grouping("sex").reference()).isEqualTo("f");
        assertThat(audit.grouping("race & sex").reference()).isEqualTo("w & f");
        assertThatThrownBy(() -> BiasAudit.run(input, AuditOptions.builder().optReference("sex=x").build()))
                .hasMessageContaining("'x' does not occur in group column 'sex'").hasMessageContaining("'f', 'm'");
    }

    @Test
    void inputBuilderRejectsInconsistentData() {
        assertThatThrownBy(() -> AuditInput.builder().setLabels(List.of("1", "0")).optPredictions(List.of("1"))
                .addGroup("g", List.of("a", "b")).build()).hasMessageContaining("predictions has 1 entries");
        assertThatThrownBy(() -> AuditInput.builder().setLabels(List.of("1", "0")).optPredictions(List.of("1", "0"))
                .addGroup("g", List.of("a", " ")).build()).hasMessageContaining("case 2 has no group in column 'g'");
        assertThatThrownBy(() -> AuditInput.builder().setLabels(List.of("1")).addGroup("g", List.of("a")).build())
                .hasMessageContaining("give predictions or scores");
        assertThatThrownBy(() -> AuditInput.builder().setLabels(List.of("1")).optPredictions(List.of("1")).build())
                .hasMessageContaining("at least one group column");
        assertThatThrownBy(() -> AuditInput.builder().setLabels(List.of("1")).optScores(new double[] {Double.NaN})
                .addGroup("g", List.of("a")).build()).hasMessageContaining("not a finite number");
    }
}
