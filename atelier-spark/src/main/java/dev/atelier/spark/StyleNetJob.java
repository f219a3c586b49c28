package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Paints content images with one trained style network on Spark: the network file's bytes, as the driver
 * checked them ({@link ShippedStyleNet}), go to the executors once as a broadcast, and each executor JVM
 * loads the network once ({@link ExecutorStyleNets}); one task per row (a retry redoes one image), each
 * writing {@code images/ID.png} and its sidecar, and one results table, {@code OUT/results.parquet}
 * ({@link StyleNetResultsTable}), written through Spark's commit protocol. The output folder follows
 * {@link OutputFolder}'s rules, as a stylize job's: a job never replaces or deletes a file it did not write.
 */
public final class StyleNetJob {
    private final SparkSession spark;
    private final StyleNetJobConfig config;
    private final ShippedStyleNet net;
    private final boolean overwrite;

    /**
     * A job painting with {@code net} as {@code config} says; with {@code overwrite} it replaces an earlier
     * run in its output folder (the files that run wrote, nothing else).
     */
    public StyleNetJob(SparkSession spark, StyleNetJobConfig config, ShippedStyleNet net, boolean overwrite) {
        if (!net.sha256().equals(config.netSha256())) {
            throw new IllegalArgumentException("the job's config is for another network than " + net.file());
        }
        this.spark = spark;
        this.config = config;
        this.net = net;
        this.overwrite = overwrite;
    }

    /**
     * The config for painting with {@code net} into {@code outputDir}, each picture at long side {@code size}
     * (0: its own size), carrying the session's {@code spark.hadoop.*} settings to executors.
     *
     * @throws InvalidInputException when the size is below what a network paints, or the folder is unusable
     */
    public static StyleNetJobConfig config(SparkSession spark, String outputDir, ShippedStyleNet net, int size) {
        requireSize(size);
        Map<String, String> hadoop = new TreeMap<>();
        for (Tuple2<String, String> kv : spark.sparkContext().getConf().getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                hadoop.put(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        // executors run in folders of their own: the output folder is made absolute here, on the driver
        Path out = new Path(outputDir);
        try {
            out = out.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot use output folder " + outputDir + ": " + e.getMessage(), e);
        }
        return new StyleNetJobConfig(out.toString(), net.file(), net.sha256(), size, hadoop);
    }

    /**
     * Checks a long side: 0 (each picture's own size) or at least a network's smallest side.
     *
     * @throws InvalidInputException naming the smallest
     */
    public static void requireSize(int size) {
        int min = dev.atelier.stylenet.TransformerNetwork.MIN_SIDE;
        if (size != 0 && size < min) {
            throw new dev.atelier.core.SettingException("size", "must be at least " + min
                    + " pixels (a style network's smallest picture), got " + size);
        }
    }

    /**
     * Paints every row and writes the results table; returns it as read back from storage.
     *
     * @throws InvalidInputException when an output would replace one of the inputs (an image or the
     *     network), or the output folder may not be used ({@link OutputFolder})
     */
    public Dataset<Row> run(List<ContentRow> rows) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path outDir = new Path(config.outputDir());
        FileSystem fs = outDir.getFileSystem(hadoop);
        Set<Path> inputs = new HashSet<>();
        for (ContentRow r : rows) {
            inputs.add(StylizeJob.qualified(r.content(), hadoop));
        }
        inputs.add(StylizeJob.qualified(config.net(), hadoop));
        List<String> ids = rows.stream().map(ContentRow::id).toList();
        StylizeJob.requireOutputsAreNotInputs(fs, config.outputDir(), ids, inputs);
        // before any image is read: the folder is checked and marked as this run's
        OutputFolder.claim(fs, outDir, overwrite, ids, inputs);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> bytes = jsc.broadcast(net.bytes());
        try {
            StyleNetJobConfig cfg = config;
            JavaRDD<StyleNetRowResult> results = jsc.parallelize(rows, Math.max(1, rows.size()))
                    .mapPartitions((Iterator<ContentRow> it) -> paintPartition(it, cfg, bytes));
            int files = Math.max(1, (rows.size() + StylizeJob.ROWS_PER_RESULT_FILE - 1) / StylizeJob.ROWS_PER_RESULT_FILE);
            Path table = StylizeJob.resultsPath(config.outputDir());
            // the shuffle keeps the painting stage at one task per row while the table gets few files
            OutputFolder.writeTable(spark.createDataFrame(results.map(StyleNetResultsTable::toRow),
                    StyleNetResultsTable.SCHEMA).repartition(files), fs, table);
            return spark.read().parquet(StylizeJob.globEscaped(table.toString()));
        } finally {
            bytes.destroy();
        }
    }

    private static Iterator<StyleNetRowResult> paintPartition(Iterator<ContentRow> rows, StyleNetJobConfig cfg,
            Broadcast<byte[]> bytes) throws Exception {
        TaskContext task = TaskContext.get();
        ExecutorResources.configureThreads(ExecutorResources.executorCores(org.apache.spark.SparkEnv.get().conf()));
        StyleNetRowPainter painter = new StyleNetRowPainter(cfg, bytes::value, cfg.hadoopConfiguration());
        String attempt = "attempt-" + task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
        List<StyleNetRowResult> out = new ArrayList<>();
        while (rows.hasNext()) {
            out.add(painter.run(rows.next(), attempt, task.attemptNumber()));
        }
        return out.iterator();
    }
}
