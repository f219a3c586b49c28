package dev.atelier.spark;

import java.io.PrintWriter;
import java.util.List;
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

    @CommandLine.Mixin
    OutputOptions target = new OutputOptions();

    @Option(names = "--size", paramLabel = "N",
            description = "Paint each picture at this long side (default: each at its own size).")
    int size;

    @Override
    public Integer call() throws Exception {
        StyleNetJob.requireSize(size);
        JobOptions.requireManifest(manifest);
        OutputFolder.check(new Configuration(), target.output, target.overwrite);
        // before Spark starts: a file that is no usable network is one line, and nothing is written
        ShippedStyleNet network = ShippedStyleNet.read(net, new Configuration());
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = SparkSessions.start("atelier style-net-apply", target.master);
        try {
            List<ContentRow> rows = Manifest.readContents(spark, manifest);
            StyleNetJobConfig config = StyleNetJob.config(spark, target.output, network, size);
            long t0 = System.nanoTime();
            Dataset<Row> results = new StyleNetJob(spark, config, network, target.overwrite).run(rows);
            JobReport.STYLE_NET.print(out, results, (System.nanoTime() - t0) / 1e9, target.output, spark);
            return results.filter("error is not null").count() == results.count() ? 1 : 0;
        } finally {
            spark.stop();
        }
    }
}
