package dev.atelier.audit.report;

import dev.atelier.audit.AuditNumbers;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.Disparity;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.audit.Rate;
import java.util.List;
import java.util.Locale;

/**
 * One metric across the groups of a grouping as an inline SVG bar chart: a bar per group with its
 * 95% interval as a whisker, the reference group's rate as a dashed line and the band of rates the
 * ratio bounds accept shaded behind it. Flagged bars are red; too-uncertain bars are pale.
 */
final class SvgRateChart {
    static final int WIDTH = 380;
    private static final int LABEL_WIDTH = 130;
    private static final int VALUE_WIDTH = 46;
    private static final int ROW = 22;
    private static final int TOP = 26;
    private static final int AXIS = 22;
    private static final int LABEL_CHARS = 20;

    private SvgRateChart() {}

    static String render(AuditReport report, GroupingAudit grouping, Metric metric, List<GroupStats> shown) {
        int rows = shown.size();
        int height = TOP + rows * ROW + AXIS;
        double plotLeft = LABEL_WIDTH;
        double plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s by %s\">\n",
                WIDTH, height, WIDTH, height, Markup.escape(metric.label()), Markup.escape(grouping.name())));
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"0\" y=\"16\">%s</text>\n",
                Markup.escape(metric.label())));
        Rate ref = grouping.referenceStats().rate(metric);
        double plotTop = TOP - 4;
        double plotBottom = TOP + rows * ROW;
        if (ref.defined() && metric.judged()) {
            double lo = Math.min(1, ref.value() * report.ratioLower());
            double hi = Math.min(1, ref.value() * report.ratioUpper());
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>ratio to %s "
                            + "within [%s, %s]</title></rect>\n",
                    x(lo, plotLeft, plotWidth), plotTop, x(hi, plotLeft, plotWidth) - x(lo, plotLeft, plotWidth),
                    plotBottom - plotTop, Markup.escape(grouping.reference()),
                    AuditNumbers.decimal(report.ratioLower()), AuditNumbers.decimal(report.ratioUpper())));
        }
        for (int t = 0; t <= 4; t++) {
            double v = t / 4.0;
            double tx = x(v, plotLeft, plotWidth);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                            + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d%%</text>\n",
                    tx, plotTop, tx, plotBottom, tx, plotBottom + 14, t * 25));
        }
        int row = 0;
        for (GroupStats g : shown) {
            Rate r = g.rate(metric);
            double cy = TOP + row * ROW + ROW / 2.0;
            boolean isRef = g.group().equals(grouping.reference());
            boolean flagged = grouping.disparity(g.group(), metric).map(Disparity::beyondBounds).orElse(false);
            String cls = "bar" + (isRef ? " ref" : "") + (flagged ? " flagged" : "")
                    + (report.tooWide(r) ? " wide" : "");
            String label = g.group().length() > LABEL_CHARS ? g.group().substring(0, LABEL_CHARS - 1) + "…" : g.group();
            svg.append(String.format(Locale.ROOT,
                    "<g class=\"%s\"><title>%s: %s, n = %d</title>"
                            + "<text class=\"label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    cls, Markup.escape(g.group()), Markup.escape(AuditNumbers.rateWithInterval(r)), g.size(),
                    LABEL_WIDTH - 6, cy + 4, Markup.escape(label)));
            if (r.defined()) {
                double x0 = x(0, plotLeft, plotWidth);
                double x1 = x(r.value(), plotLeft, plotWidth);
                double lo = x(r.interval().lower(), plotLeft, plotWidth);
                double hi = x(r.interval().upper(), plotLeft, plotWidth);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                                + "<path class=\"whisker\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\"/>"
                                + "<text class=\"value\" x=\"%d\" y=\"%.1f\">%s</text>",
                        x0, cy - 7, Math.max(0.5, x1 - x0), 14.0,
                        lo, cy, hi, lo, cy - 5, cy + 5, hi, cy - 5, cy + 5,
                        WIDTH - VALUE_WIDTH + 4, cy + 4, AuditNumbers.percent(r.value())));
            } else {
                svg.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">no cases</text>",
                        plotLeft + 4, cy + 4));
            }
            svg.append("</g>\n");
            row++;
        }
        if (ref.defined()) {
            double rx = x(ref.value(), plotLeft, plotWidth);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"refline\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    rx, plotTop, rx, plotBottom));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(double rate, double left, double width) {
        return left + rate * width;
    }
}
