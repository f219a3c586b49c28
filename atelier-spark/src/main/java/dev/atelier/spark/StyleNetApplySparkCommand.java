package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atelier spark style-net-apply}: {@code atelier style-net apply} on Spark, a trained network painting
 * every image of a manifest. The network is read and checked on the driver before Spark starts, so an
 * unusable file is one line and exit code 2 with nothing written.
 */
@Command(name = "style-net-apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Paint every image of a manifest with a trained style network on Spark, one forward pass each.",
            "Writes OUT/images/ID.png with ID.png.json sidecars and OUT/results.parquet (one line per row, failed rows too).",
            "Example: atelier spark style-net-apply photos/ --net wave.stylenet -o out/painted --size 512"})
public final class StyleNetApplySparkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST",
            description = "A folder of content images, or a .csv/.parquet table with a content column and an optional id "
                    + "column (no style column: the network paints in the style it was trained on).")
    String manifest;

    @Option(names = "--net", required = true, paramLabel = "FILE.stylenet",
            description = "The style network (style-net train's output): a local file, hdfs:// or s3a://; read once on the "
                    + "driver and shipped to the executors.")
    String net;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder (local, hdfs://, s3a://): images/ID.png + .json sidecars, results.parquet. "
                    + "Must be new, empty, or an earlier run (with --overwrite).")
    String output;

    @Option(names = "--overwrite",
            description = "Replace an earlier Atelier run in OUT: delete the files it wrote (nothing else) first. "
                    + "A folder holding files Atelier did not write is refused, with or without this.")
    boolean overwrite;

    @Option(names = "--size", paramLabel = "N",
            description = "Paint each picture at this long side (default: each at its own size).")
    int size;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[*], local[2], spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;

    @Override
    public Integer call() throws Exception {
        StyleNetJob.requireSize(size);
        JobOptions.requireManifest(manifest);
        OutputFolder.check(new Configuration(), output, overwrite);
        // before Spark starts: a file that is no usable network is one line, and nothing is written
        ShippedStyleNet network = ShippedStyleNet.read(net, new Configuration());
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = SparkSessions.start("atelier style-net-apply", master);
        try {
            List<ContentRow> rows = Manifest.readContents(spark, manifest);
            StyleNetJobConfig config = StyleNetJob.config(spark, output, network, size);
            long t0 = System.nanoTime();
            Dataset<Row> results = new StyleNetJob(spark, config, network, overwrite).run(rows);
            report(out, results, (System.nanoTime() - t0) / 1e9, output, spark);
            return results.filter("error is not null").count() == results.count() ? 1 : 0;
        } finally {
            spark.stop();
        }
    }

    /** The totals line (as a stylize job's), the time per image, and one line per failed row. */
    static void report(PrintWriter out, Dataset<Row> results, double seconds, String output, SparkSession spark) {
        long total = results.count();
        List<Row> failed = results.filter("error is not null").select("row_id", "error").orderBy("row_id").collectAsList();
        long written = results.filter("output is not null").count();
        StylizeSparkCommand.printTotals(out, total, written, failed.size(), seconds, spark);
        if (written > 0) {
            Row m = results.filter("output is not null")
                    .selectExpr("avg(seconds)", "avg(paint_seconds)", "avg(waited_seconds)").first();
            // the rest includes each executor's one load of the network, on its first row
            out.printf(Locale.ROOT, "per image: %.3f s in its task: %.3f s painting, %.3f s waiting for the executor's "
                    + "forward pass, %.3f s reading, resizing and writing%n", m.getDouble(0), m.getDouble(1), m.getDouble(2),
                    m.getDouble(0) - m.getDouble(1) - m.getDouble(2));
        }
        StylizeSparkCommand.printFailed(out, failed);
        out.printf("results: %s%n", StylizeJob.resultsPath(output));
        out.flush();
    }
}
