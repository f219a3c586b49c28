package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier spark sweep}: every manifest row at every point of a settings grid, summarised. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of settings over a manifest on Spark and summarise it.",
            "Writes what stylize writes, plus OUT/summary.parquet, OUT/summary.csv and the plot OUT/summary.png.",
            "Example: atelier spark sweep photos/ --style wave.jpg -o out/sweep --grid style_weight=1e3,1e4,1e5 --grid size=128,256"})
public final class SweepSparkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    JobOptions job;

    @Option(names = "--grid", required = true, paramLabel = "KEY=V1,V2,...",
            description = "A swept setting and its values (manifest column names: style_weight, size, lr, seed...); repeatable.")
    List<String> grid = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var defaults = job.defaults();
        job.requireManifest();
        job.requireOutput();
        SweepGrid sweep = SweepGrid.parse(grid);
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = SparkSessions.start("atelier sweep", job.target.master);
        try {
            List<ManifestRow> rows = sweep.expand(Manifest.read(spark, job.manifest, job.styles));
            StylizeJobConfig config = StylizeJob.config(spark, job.target.output, defaults, job.weights, job.requirePretrained);
            long t0 = System.nanoTime();
            Dataset<Row> results = new StylizeJob(spark, config, RowHook.NONE, job.target.overwrite).run(rows);
            JobReport.STYLIZE.print(out, results, (System.nanoTime() - t0) / 1e9, job.target.output, spark);
            List<Row> lines = SweepSummary.write(SweepSummary.of(results, sweep.keys()), sweep.keys(), job.target.output,
                    spark.sparkContext().hadoopConfiguration());
            out.print(SweepSummary.csv(lines, sweep.keys()));
            out.printf("summary: %s, plot: %s%n", new Path(job.target.output, "summary.csv"), new Path(job.target.output, "summary.png"));
            out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }
}
