package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.audit.report.ReportFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces ProPublica's "Machine Bias" (2016) table for COMPAS from its published confusion counts
 * (compas-analysis notebook, two-year recidivism, "High" = decile score 5–10):
 *
 * <pre>
 *                       Low (predicted no)   High (predicted yes)
 * African-American  no recid.   990 (TN)        805 (FP)
 *                   recid.      532 (FN)       1369 (TP)
 * Caucasian         no recid.  1139 (TN)        349 (FP)
 *                   recid.      461 (FN)        505 (TP)
 * </pre>
 *
 * The notebook prints FPR/FNR to two decimals (44.85/27.99 and 23.45/47.72); the article's
 * "44.9% vs 23.5%" and "28.0% vs 47.7%" are those printed values rounded again to one decimal.
 */
class ProPublicaCompasTest {
    static final String BLACK = "African-American";
    static final String WHITE = "Caucasian";

    /** One row per defendant: id, race, two_year_recid, high_risk, decile_score. */
    static List<String> compasRows() {
        List<String> rows = new ArrayList<>();
        rows.add("id,race,two_year_recid,high_risk,decile_score");
        int[] id = {1};
        // race, recidivated, labelled high risk, count
        add(rows, id, BLACK, 0, 0, 990);
        add(rows, id, BLACK, 0, 1, 805);
        add(rows, id, BLACK, 1, 0, 532);
        add(rows, id, BLACK, 1, 1, 1369);
        add(rows, id, WHITE, 0, 0, 1139);
        add(rows, id, WHITE, 0, 1, 349);
        add(rows, id, WHITE, 1, 0, 461);
        add(rows, id, WHITE, 1, 1, 505);
        return rows;
    }

    private static void add(List<String> rows, int[] id, String race, int recid, int high, int count) {
        for (int k = 0; k < count; k++) {
            // ProPublica's "High" is decile 5–10, "Low" 1–4; spread each bucket over its deciles.
            int decile = high == 1 ? 5 + k % 6 : 1 + k % 4;
            rows.add(id[0]++ + "," + race + "," + recid + "," + high + "," + decile);
        }
    }

    static Path writeCompas(Path dir) throws IOException {
        Path csv = dir.resolve("compas.csv");
        Files.write(csv, compasRows());
        return csv;
    }

    @Test
    void reproducesPublishedErrorRatesAndFlagsTheDisparity(@TempDir Path dir) throws IOException {
        AuditInput input = CsvAuditReader.builder().setLabelColumn("two_year_recid")
                .optPredictionColumn("high_risk").addGroupColumn("race").build().read(writeCompas(dir));
        AuditReport report = BiasAudit.run(input);
        ClassAudit audit = report.forClass("1");
        GroupingAudit race = audit.grouping("race");

        assertThat(race.group(BLACK).counts()).isEqualTo(new ConfusionCounts(1369, 805, 990, 532));
        assertThat(race.group(WHITE).counts()).isEqualTo(new ConfusionCounts(505, 349, 1139, 461));

        double blackFpr = race.group(BLACK).rate(Metric.FALSE_POSITIVE_RATE).value();
        double whiteFpr = race.group(WHITE).rate(Metric.FALSE_POSITIVE_RATE).value();
        double blackFnr = race.group(BLACK).rate(Metric.FALSE_NEGATIVE_RATE).value();
        double whiteFnr = race.group(WHITE).rate(Metric.FALSE_NEGATIVE_RATE).value();
        // The notebook's two-decimal figures...
        assertThat(twoDecimals(blackFpr)).isEqualTo("44.85");
        assertThat(twoDecimals(whiteFpr)).isEqualTo("23.45");
        assertThat(twoDecimals(blackFnr)).isEqualTo("27.99");
        assertThat(twoDecimals(whiteFnr)).isEqualTo("47.72");
        // ...and the article's table, which rounds those once more.
        assertThat(articleFigure(blackFpr)).isEqualTo("44.9");
        assertThat(articleFigure(whiteFpr)).isEqualTo("23.5");
        assertThat(articleFigure(blackFnr)).isEqualTo("28.0");
        assertThat(articleFigure(whiteFnr)).isEqualTo("47.7");

        // The reference is the largest group, African-American (3696 vs 2454 defendants).
        assertThat(race.reference()).isEqualTo(BLACK);
        Disparity fpr = race.disparity(WHITE, Metric.FALSE_POSITIVE_RATE).orElseThrow();
        Disparity fnr = race.disparity(WHITE, Metric.FALSE_NEGATIVE_RATE).orElseThrow();
        assertThat(fpr.ratio()).isEqualTo((349.0 / 1488) / (805.0 / 1795));
        assertThat(fpr.beyondBounds()).isTrue();
        assertThat(fnr.ratio()).isEqualTo((461.0 / 966) / (532.0 / 1901));
        assertThat(fnr.beyondBounds()).isTrue();
        assertThat(fpr.uncertain()).isFalse();
        // The base rates differ too (39.4% vs 51.4%, ratio 0.77), but that describes who re-offended,
        // not the score's errors, so it is reported and not flagged.
        Disparity base = race.disparity(WHITE, Metric.BASE_RATE).orElseThrow();
        assertThat(base.ratio()).isCloseTo((966.0 / 2454) / (1901.0 / 3696), within(1e-12))
                .isLessThan(0.8);
        assertThat(base.beyondBounds()).isFalse();
        assertThat(report.flags()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Flag.Kind.DISPARITY);
            assertThat(f.group()).isEqualTo(WHITE);
            assertThat(f.metrics()).contains(Metric.FALSE_POSITIVE_RATE, Metric.FALSE_NEGATIVE_RATE);
        });
        assertThat(report.flags()).noneMatch(f -> f.kind() == Flag.Kind.TOO_SMALL);

        String table = ReportFormat.TABLE.render(report);
        assertThat(table).contains("23.5% (", "47.7% (", "28.0% (", "44.8% (")
                .contains("Flags (1):").contains("FPR 23.5% vs 44.8% (0.52×)");
    }

    @Test
    void whiteAsReferenceFlagsTheBlackFalsePositiveRate(@TempDir Path dir) throws IOException {
        AuditInput input = CsvAuditReader.builder().setLabelColumn("two_year_recid")
                .optPredictionColumn("high_risk").addGroupColumn("race").build().read(writeCompas(dir));
        AuditReport report = BiasAudit.run(input, AuditOptions.builder().optReference(WHITE).build());
        Disparity fpr = report.forClass("1").grouping("race").disparity(BLACK, Metric.FALSE_POSITIVE_RATE)
                .orElseThrow();
        // 44.85% / 23.45% = 1.91: Black defendants who did not re-offend were labelled high risk
        // nearly twice as often.
        assertThat(fpr.ratio()).isGreaterThan(1.9).isLessThan(1.92);
        assertThat(fpr.difference()).isEqualTo(805.0 / 1795 - 349.0 / 1488);
        assertThat(fpr.beyondBounds()).isTrue();
    }

    @Test
    void decileScoresAtThresholdFiveGiveTheSameTable(@TempDir Path dir) throws IOException {
        AuditInput input = CsvAuditReader.builder().setLabelColumn("two_year_recid")
                .optScoreColumn("decile_score").optThreshold(5).addGroupColumn("race").build()
                .read(writeCompas(dir));
        AuditReport report = BiasAudit.run(input);
        GroupingAudit race = report.forClass("1").grouping("race");
        assertThat(race.group(BLACK).counts()).isEqualTo(new ConfusionCounts(1369, 805, 990, 532));
        assertThat(race.group(WHITE).counts()).isEqualTo(new ConfusionCounts(505, 349, 1139, 461));
        assertThat(race.group(BLACK).auc()).isPresent();
        assertThat(report.threshold()).hasValue(5.0);
    }

    private static String twoDecimals(double rate) {
        return String.format(Locale.ROOT, "%.2f", 100 * rate);
    }

    private static String articleFigure(double rate) {
        return new BigDecimal(twoDecimals(rate)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
