package dev.atelier.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.audit.AuditInput;
import dev.atelier.audit.AuditOptions;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.BiasAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 groups, built in memory: the audit must be right for every group (it used to take time
 * quadratic in the number of groups) and the reports for people must list only the worst few.
 * Not timed: a quadratic audit of this size would not finish within the test run's patience.
 */
class ManyGroupsTest {
    private static final int GROUPS = 100_000;

    /**
     * Group g0 has 20 cases: 10 positives and 10 negatives, half of each predicted positive (FPR and
     * FNR 50%). Every other group gk has 4 cases: two positives, one predicted positive, and two
     * negatives, one predicted positive, or both when k % 1000 == 0: so every 1000th group has FPR
     * 100% against the reference's 50%, and the others have the reference's rates.
     */
    private static AuditReport audit() {
        List<String> labels = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            labels.add(i % 2 == 0 ? "1" : "0");
            predictions.add(i % 4 < 2 ? "1" : "0");
            groups.add("g0");
        }
        for (int k = 1; k < GROUPS; k++) {
            String g = "g" + k;
            String second = k % 1000 == 0 ? "1" : "0";
            labels.addAll(List.of("1", "1", "0", "0"));
            predictions.addAll(List.of("1", "0", "1", second));
            groups.addAll(List.of(g, g, g, g));
        }
        AuditInput input = AuditInput.builder().setLabels(labels).optPredictions(predictions)
                .addGroup("g", groups).build();
        return BiasAudit.run(input, AuditOptions.defaults());
    }

    @Test
    void everyGroupIsCountedRightAndReportsListTheWorst() throws IOException {
        AuditReport report = audit();
        GroupingAudit g = report.forClass("1").grouping("g");
        assertThat(g.groups()).hasSize(GROUPS);
        assertThat(g.reference()).isEqualTo("g0");
        assertThat(g.disparities()).hasSize((GROUPS - 1) * Metric.values().length);
        for (int k = 1; k < GROUPS; k++) {
            GroupStats s = g.group("g" + k);
            long fp = k % 1000 == 0 ? 2 : 1;
            assertThat(s.counts().truePositives()).isEqualTo(1);
            assertThat(s.counts().falseNegatives()).isEqualTo(1);
            assertThat(s.counts().falsePositives()).isEqualTo(fp);
            assertThat(s.counts().trueNegatives()).isEqualTo(2 - fp);
            assertThat(g.disparity("g" + k, Metric.FALSE_POSITIVE_RATE).orElseThrow().beyondBounds())
                    .isEqualTo(fp == 2);
        }
        long fprFlags = report.flags().stream().filter(f -> f.kind() == Flag.Kind.DISPARITY
                && f.metrics().contains(Metric.FALSE_POSITIVE_RATE)).count();
        assertThat(fprFlags).isEqualTo(GROUPS / 1000 - 1);

        String md = ReportFormat.MARKDOWN.render(report, new ReportLimits(10));
        assertThat(md).contains("Listed: 10 of 100000 groups, the reference and the 9 with the largest disparities;"
                + " 99990 more (").contains("are in the JSON report.").contains("flags concern groups not listed here");
        // Three tables under headers "| g | ...": counts and rates list 10 groups, disparities 9.
        assertThat(md.lines().filter(l -> l.startsWith("| g")).count()).isEqualTo(3 + 10 + 10 + 9);
        String table = ReportFormat.TABLE.render(report, new ReportLimits(10));
        assertThat(table.length()).isLessThan(20_000);
        String html = ReportFormat.HTML.render(report, new ReportLimits(10));
        assertThat(html.split("<g class=\"bar").length - 1).isEqualTo(10 * Metric.values().length);
        StringWriter json = new StringWriter();
        ReportFormat.JSON.write(report, new ReportLimits(10), json);
        assertThat(json.toString()).contains("\"group\" : \"g99999\"");
    }

    @Test
    void theListedGroupsAreTheReferenceAndTheWorst() {
        AuditReport report = audit();
        GroupingAudit g = report.forClass("1").grouping("g");
        ShownGroups shown = ShownGroups.of(g, new ReportLimits(5));
        // The flagged groups g1000, g2000... carry the only disparities: the four listed besides g0 are among them.
        assertThat(shown.groups()).hasSize(5);
        assertThat(shown.groups().get(0).group()).isEqualTo("g0");
        for (GroupStats s : shown.groups().subList(1, 5)) {
            assertThat(Integer.parseInt(s.group().substring(1)) % 1000).as(s.group()).isZero();
        }
        assertThat(ShownGroups.of(g, ReportLimits.unlimited()).groups()).hasSize(GROUPS);
    }
}
