package dev.atelier.audit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Disparity;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.audit.Rate;
import dev.atelier.audit.WilsonInterval;
import java.util.Locale;

/**
 * The audit as JSON. Rates are fractions in [0, 1], not percentages. Undefined numbers (a rate over
 * no cases, a ratio to a zero rate) are {@code null}, since JSON has no NaN or infinity; the
 * {@code beyond_bounds} flag still says whether an infinite ratio was flagged.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    static String render(AuditReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("description", report.description());
        root.put("cases", report.cases());
        root.put("confidence", 0.95);
        root.put("interval_method", "wilson");
        if (report.threshold().isPresent()) {
            root.put("threshold", report.threshold().getAsDouble());
        } else {
            root.putNull("threshold");
        }
        root.putArray("ratio_bounds").add(report.ratioLower()).add(report.ratioUpper());
        root.put("max_interval_width", report.maxIntervalWidth());
        ArrayNode classes = root.putArray("classes");
        for (ClassAudit audit : report.classes()) {
            ObjectNode c = classes.addObject();
            c.put("positive_class", audit.positiveClass());
            c.set("overall", group(report, audit.overall()));
            ArrayNode groupings = c.putArray("groupings");
            for (GroupingAudit g : audit.groupings()) {
                ObjectNode gn = groupings.addObject();
                gn.put("name", g.name());
                ArrayNode cols = gn.putArray("columns");
                g.columns().forEach(cols::add);
                gn.put("reference", g.reference());
                ArrayNode groups = gn.putArray("groups");
                g.groups().forEach(s -> groups.add(group(report, s)));
                ArrayNode disparities = gn.putArray("disparities");
                for (Disparity d : g.disparities()) {
                    ObjectNode dn = disparities.addObject();
                    dn.put("group", d.group());
                    dn.put("metric", d.metric().key());
                    number(dn, "ratio", d.ratio());
                    number(dn, "difference", d.difference());
                    dn.put("beyond_bounds", d.beyondBounds());
                    dn.put("uncertain", d.uncertain());
                }
            }
        }
        ArrayNode flags = root.putArray("flags");
        for (Flag f : report.flags()) {
            ObjectNode fn = flags.addObject();
            fn.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            fn.put("positive_class", f.positiveClass());
            fn.put("grouping", f.grouping());
            fn.put("group", f.group());
            ArrayNode metrics = fn.putArray("metrics");
            f.metrics().forEach(m -> metrics.add(m.key()));
            fn.put("message", f.message());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode group(AuditReport report, GroupStats g) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("group", g.group());
        n.put("n", g.size());
        ObjectNode counts = n.putObject("counts");
        counts.put("tp", g.counts().truePositives());
        counts.put("fp", g.counts().falsePositives());
        counts.put("tn", g.counts().trueNegatives());
        counts.put("fn", g.counts().falseNegatives());
        ObjectNode rates = n.putObject("rates");
        for (Metric m : Metric.values()) {
            Rate r = g.rate(m);
            ObjectNode rn = rates.putObject(m.key());
            number(rn, "value", r.value());
            WilsonInterval ci = r.interval();
            rn.put("lower", ci.lower());
            rn.put("upper", ci.upper());
            rn.put("numerator", r.numerator());
            rn.put("denominator", r.denominator());
            rn.put("too_wide", report.tooWide(r));
        }
        number(n, "auc", g.auc().orElse(Double.NaN));
        return n;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
