package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier spark stylize}: every row of a manifest, on Spark. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stylize every row of a manifest on Spark (embedded local Spark unless --master or spark-submit says otherwise).",
            "Writes OUT/images/ID.png with ID.png.json sidecars and OUT/results.parquet (one line per row, failed rows too).",
            "Example: atelier spark stylize photos/ --style examples/style/hokusai-great-wave.jpg -o out/library --size 256"})
public final class StylizeSparkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        var defaults = job.defaults();
        job.requireManifest();
        job.requireOutput();
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = SparkSessions.start("atelier stylize", job.master);
        try {
            List<ManifestRow> rows = Manifest.read(spark, job.manifest, job.styles);
            StylizeJobConfig config = StylizeJob.config(spark, job.output, defaults, job.weights, job.requirePretrained);
            long t0 = System.nanoTime();
            Dataset<Row> results = new StylizeJob(spark, config, RowHook.NONE, job.overwrite).run(rows);
            report(out, results, (System.nanoTime() - t0) / 1e9, job.output, spark);
            return results.filter("error is not null").count() == results.count() ? 1 : 0;
        } finally {
            spark.stop();
        }
    }

    /** One summary line, and one line per failed row. */
    static void report(PrintWriter out, Dataset<Row> results, double seconds, String output, SparkSession spark) {
        long total = results.count();
        List<Row> failed = results.filter("error is not null").select("row_id", "error").orderBy("row_id").collectAsList();
        long written = results.filter("output is not null").count();
        printTotals(out, total, written, failed.size(), seconds, spark);
        if (written > 0) {
            Row m = results.filter("output is not null")
                    .selectExpr("avg(seconds)", "avg(optimize_seconds)", "avg(waited_seconds)").first();
            out.printf(Locale.ROOT, "per image: %.2f s in its task: %.2f s optimising, %.2f s waiting for the executor's "
                    + "optimisation slot, %.2f s reading, setting up, judging and writing%n", m.getDouble(0), m.getDouble(1),
                    m.getDouble(2), m.getDouble(0) - m.getDouble(1) - m.getDouble(2));
        }
        printFailed(out, failed);
        out.printf("results: %s%n", StylizeJob.resultsPath(output));
        out.flush();
    }

    /** The job's first line: rows, images written, failed rows, wall time and images per minute on the master. */
    static void printTotals(PrintWriter out, long total, long written, long failed, double seconds, SparkSession spark) {
        out.printf(Locale.ROOT, "%d rows: %d images written, %d failed, in %.1f s (%.1f images/min on %s, %d cores)%n",
                total, written, failed, seconds, written * 60.0 / seconds, spark.sparkContext().master(),
                spark.sparkContext().defaultParallelism());
    }

    /** One line per failed row ({@code row_id}, {@code error}), the first 20. */
    static void printFailed(PrintWriter out, List<Row> failed) {
        for (Row f : failed.subList(0, Math.min(20, failed.size()))) {
            out.printf("  failed %s: %s%n", f.getString(0), f.getString(1));
        }
        if (failed.size() > 20) {
            out.printf("  ... and %d more (see the error column)%n", failed.size() - 20);
        }
    }
}
