package dev.atelier.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A sweep's summary: per grid point, how many rows ran and failed and the mean judge losses and time,
 * written as {@code summary.parquet}, {@code summary.csv} and a plot, {@code summary.png}, of the mean
 * judge loss against the first numeric swept setting (one line per value of the others).
 */
public final class SweepSummary {
    /** The summary's columns after the swept keys. */
    public static final List<String> MEASURES = List.of("rows", "failed", "judge_total", "judge_content", "judge_style",
            "seconds");

    private SweepSummary() {}

    /** The summary table, one line per grid point, ordered by the swept keys. */
    public static Dataset<Row> of(Dataset<Row> results, List<String> keys) {
        List<Column> groups = new ArrayList<>();
        for (String k : keys) {
            groups.add(col("params").getItem(k).alias(k));
        }
        Dataset<Row> summary = results.groupBy(groups.toArray(new Column[0])).agg(
                count(lit(1)).alias("rows"),
                sum(when(col("error").isNotNull(), 1).otherwise(0)).cast("long").alias("failed"),
                avg(when(col("error").isNull(), col("judge_total"))).alias("judge_total"),
                avg(when(col("error").isNull(), col("judge_content"))).alias("judge_content"),
                avg(when(col("error").isNull(), col("judge_style"))).alias("judge_style"),
                avg(col("seconds")).alias("seconds"));
        return summary;
    }

    /** Writes the summary table, its CSV and its plot under {@code outputDir}; returns the lines, in order. */
    public static List<Row> write(Dataset<Row> summary, List<String> keys, String outputDir, Configuration conf)
            throws IOException {
        Path table = new Path(outputDir, OutputFolder.SUMMARY_TABLE);
        OutputFolder.writeTable(summary.coalesce(1), table.getFileSystem(conf), table);
        List<Row> lines = new ArrayList<>(summary.collectAsList());
        lines.sort((a, b) -> compareByKeys(a, b, keys));
        HadoopFiles files = new HadoopFiles(conf);
        java.nio.file.Path csv = Files.createTempFile("atelier-summary-", ".csv");
        java.nio.file.Path png = Files.createTempFile("atelier-summary-", ".png");
        try {
            Files.writeString(csv, csv(lines, keys), StandardCharsets.UTF_8);
            files.publish(csv, new Path(outputDir, "summary.csv"), "driver");
            BitmapEncoder.saveBitmap(plot(lines, keys), png.toString(), BitmapEncoder.BitmapFormat.PNG);
            files.publish(png, new Path(outputDir, "summary.png"), "driver");
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(png);
        }
        return lines;
    }

    static String csv(List<Row> lines, List<String> keys) {
        StringBuilder sb = new StringBuilder(String.join(",", keys)).append(',').append(String.join(",", MEASURES)).append('\n');
        for (Row r : lines) {
            List<String> cells = new ArrayList<>();
            for (String k : keys) {
                cells.add(r.getAs(k));
            }
            for (String m : MEASURES) {
                Object v = r.getAs(m);
                cells.add(v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v.toString());
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static int compareByKeys(Row a, Row b, List<String> keys) {
        for (String k : keys) {
            String x = a.getAs(k);
            String y = b.getAs(k);
            int c = RowSettings.isNumeric(k) ? Double.compare(Double.parseDouble(x), Double.parseDouble(y)) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Mean judge loss against the first numeric swept key; a bar per grid point when none is numeric. */
    static Chart<?, ?> plot(List<Row> lines, List<String> keys) {
        String xKey = keys.stream().filter(RowSettings::isNumeric).findFirst().orElse(null);
        if (xKey == null) {
            CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("sweep: mean judge loss")
                    .xAxisTitle(String.join(" / ", keys)).yAxisTitle("judge total loss").build();
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Row r : lines) {
                List<String> parts = new ArrayList<>();
                keys.forEach(k -> parts.add(r.getAs(k)));
                labels.add(String.join(" / ", parts));
                Double v = r.getAs("judge_total");
                values.add(v == null ? 0.0 : v);
            }
            chart.addSeries("judge total", labels, values);
            return chart;
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("sweep: mean judge loss vs " + xKey)
                .xAxisTitle(xKey).yAxisTitle("judge total loss (mean over rows)").build();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean positiveY = true;
        for (Row r : lines) {
            Double y = r.getAs("judge_total");
            if (y == null) {
                continue;
            }
            double x = Double.parseDouble(r.getAs(xKey));
            min = Math.min(min, x);
            max = Math.max(max, x);
            positiveY &= y > 0;
            List<String> others = new ArrayList<>();
            for (String k : keys) {
                if (!k.equals(xKey)) {
                    others.add(k + "=" + r.getAs(k));
                }
            }
            series.computeIfAbsent(others.isEmpty() ? "judge total" : String.join(", ", others), s -> new ArrayList<>())
                    .add(new double[] {x, y});
        }
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            double[] xs = s.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = s.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(s.getKey(), xs, ys);
        }
        if (series.isEmpty()) {
            chart.addSeries("no row succeeded", new double[] {0}, new double[] {0});
            return chart;
        }
        // sweeps of weights and rates span decades: a log axis shows them evenly
        chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 100);
        chart.getStyler().setYAxisLogarithmic(positiveY && !series.isEmpty());
        return chart;
    }
}
