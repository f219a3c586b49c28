package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.List;
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
        SparkSession spark = SparkSessions.start("atelier stylize", job.target.master);
        try {
            List<ManifestRow> rows = Manifest.read(spark, job.manifest, job.styles);
            StylizeJobConfig config = StylizeJob.config(spark, job.target.output, defaults, job.weights, job.requirePretrained);
            long t0 = System.nanoTime();
            Dataset<Row> results = new StylizeJob(spark, config, RowHook.NONE, job.target.overwrite).run(rows);
            JobReport.STYLIZE.print(out, results, (System.nanoTime() - t0) / 1e9, job.target.output, spark);
            return results.filter("error is not null").count() == results.count() ? 1 : 0;
        } finally {
            spark.stop();
        }
    }
}
