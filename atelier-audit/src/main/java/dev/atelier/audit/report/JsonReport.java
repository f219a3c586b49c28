package dev.atelier.audit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Disparity;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.audit.Rate;
import dev.atelier.audit.WilsonInterval;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The audit as JSON. Rates are fractions in [0, 1], not percentages. Undefined numbers (a rate over
 * no cases, a ratio to a zero rate) are {@code null}, since JSON has no NaN or infinity; the
 * {@code beyond_bounds} flag still says whether an infinite ratio was flagged.
 *
 * <p>Every group and flag is written, streamed as it goes: an audit over 100,000 groups gives
 * hundreds of megabytes of JSON, which must not be built as a tree or a string first.
 */
final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {}

    static String render(AuditReport report) {
        StringWriter out = new StringWriter();
        write(report, out);
        return out.toString();
    }

    static void write(AuditReport report, Writer out) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            write(report, json);
            json.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(AuditReport report, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("description", report.description());
        json.writeNumberField("cases", report.cases());
        json.writeNumberField("confidence", 0.95);
        json.writeStringField("interval_method", "wilson");
        json.writeFieldName("threshold");
        if (report.threshold().isPresent()) {
            json.writeNumber(report.threshold().getAsDouble());
        } else {
            json.writeNull();
        }
        json.writeArrayFieldStart("ratio_bounds");
        json.writeNumber(report.ratioLower());
        json.writeNumber(report.ratioUpper());
        json.writeEndArray();
        json.writeNumberField("max_interval_width", report.maxIntervalWidth());
        json.writeArrayFieldStart("classes");
        for (ClassAudit audit : report.classes()) {
            json.writeStartObject();
            json.writeStringField("positive_class", audit.positiveClass());
            json.writeFieldName("overall");
            group(json, report, audit.overall());
            json.writeArrayFieldStart("groupings");
            for (GroupingAudit g : audit.groupings()) {
                json.writeStartObject();
                json.writeStringField("name", g.name());
                json.writeArrayFieldStart("columns");
                for (String c : g.columns()) {
                    json.writeString(c);
                }
                json.writeEndArray();
                json.writeStringField("reference", g.reference());
                json.writeArrayFieldStart("groups");
                for (GroupStats s : g.groups()) {
                    group(json, report, s);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("disparities");
                for (Disparity d : g.disparities()) {
                    json.writeStartObject();
                    json.writeStringField("group", d.group());
                    json.writeStringField("metric", d.metric().key());
                    number(json, "ratio", d.ratio());
                    number(json, "difference", d.difference());
                    json.writeBooleanField("beyond_bounds", d.beyondBounds());
                    json.writeBooleanField("uncertain", d.uncertain());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("flags");
        for (Flag f : report.flags()) {
            json.writeStartObject();
            json.writeStringField("kind", f.kind().name().toLowerCase(Locale.ROOT));
            json.writeStringField("positive_class", f.positiveClass());
            json.writeStringField("grouping", f.grouping());
            json.writeStringField("group", f.group());
            json.writeArrayFieldStart("metrics");
            for (Metric m : f.metrics()) {
                json.writeString(m.key());
            }
            json.writeEndArray();
            json.writeStringField("message", f.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void group(JsonGenerator json, AuditReport report, GroupStats g) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", g.group());
        json.writeNumberField("n", g.size());
        json.writeObjectFieldStart("counts");
        json.writeNumberField("tp", g.counts().truePositives());
        json.writeNumberField("fp", g.counts().falsePositives());
        json.writeNumberField("tn", g.counts().trueNegatives());
        json.writeNumberField("fn", g.counts().falseNegatives());
        json.writeEndObject();
        json.writeObjectFieldStart("rates");
        for (Metric m : Metric.values()) {
            Rate r = g.rate(m);
            json.writeObjectFieldStart(m.key());
            number(json, "value", r.value());
            WilsonInterval ci = r.interval();
            json.writeNumberField("lower", ci.lower());
            json.writeNumberField("upper", ci.upper());
            json.writeNumberField("numerator", r.numerator());
            json.writeNumberField("denominator", r.denominator());
            json.writeBooleanField("too_wide", report.tooWide(r));
            json.writeEndObject();
        }
        json.writeEndObject();
        number(json, "auc", g.auc().orElse(Double.NaN));
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(field, value);
        } else {
            json.writeNullField(field);
        }
    }
}
