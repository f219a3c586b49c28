package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a Spark job prints when it ends: the totals line, one line on the time per image, one line per failed
 * row (the first 20) and where the results table is. The jobs differ only in the per-image line: which column
 * holds the work itself and how its shares are named.
 *
 * @param workColumn the results column of each row's own work ({@code optimize_seconds}, {@code paint_seconds})
 * @param perImageFormat the per-image line, with four {@code %f}s: the task's seconds, the work's, the wait's and
 *     the rest
 */
record JobReport(String workColumn, String perImageFormat) {
    /** {@code spark stylize} and {@code spark sweep}. */
    static final JobReport STYLIZE = new JobReport("optimize_seconds", "per image: %.2f s in its task: %.2f s "
            + "optimising, %.2f s waiting for the executor's optimisation slot, %.2f s reading, setting up, judging and "
            + "writing%n");
    /** {@code spark style-net-apply}; the rest includes each executor's one load of the network, on its first row. */
    static final JobReport STYLE_NET = new JobReport("paint_seconds", "per image: %.3f s in its task: %.3f s painting, "
            + "%.3f s waiting for the executor's forward pass, %.3f s reading, resizing and writing%n");

    void print(PrintWriter out, Dataset<Row> results, double seconds, String output, SparkSession spark) {
        long total = results.count();
        List<Row> failed = results.filter("error is not null").select("row_id", "error").orderBy("row_id").collectAsList();
        long written = results.filter("output is not null").count();
        out.printf(Locale.ROOT, "%d rows: %d images written, %d failed, in %.1f s (%.1f images/min on %s, %d cores)%n",
                total, written, failed.size(), seconds, written * 60.0 / seconds, spark.sparkContext().master(),
                spark.sparkContext().defaultParallelism());
        if (written > 0) {
            Row m = results.filter("output is not null")
                    .selectExpr("avg(seconds)", "avg(" + workColumn + ")", "avg(waited_seconds)").first();
            out.printf(Locale.ROOT, perImageFormat, m.getDouble(0), m.getDouble(1), m.getDouble(2),
                    m.getDouble(0) - m.getDouble(1) - m.getDouble(2));
        }
        for (Row f : failed.subList(0, Math.min(20, failed.size()))) {
            out.printf("  failed %s: %s%n", f.getString(0), f.getString(1));
        }
        if (failed.size() > 20) {
            out.printf("  ... and %d more (see the error column)%n", failed.size() - 20);
        }
        out.printf("results: %s%n", StylizeJob.resultsPath(output));
        out.flush();
    }
}
