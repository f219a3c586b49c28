package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Stylizes manifest rows on Spark: one task per row (so that a slow image never holds others back and a
 * retry redoes one image), each writing its image and sidecar under {@code OUT/images/}, and one results
 * table, {@code OUT/results.parquet}, written through Spark's commit protocol so that retried tasks never
 * leave duplicate lines. The output folder is checked and marked before the first row
 * ({@link OutputFolder}): a job never replaces or deletes a file it did not write.
 */
public final class StylizeJob {
    /** Rows per Parquet file of the results table. */
    static final int ROWS_PER_RESULT_FILE = 10_000;

    private final SparkSession spark;
    private final StylizeJobConfig config;
    private final RowHook hook;
    private final boolean overwrite;

    /** A job that refuses an output folder holding an earlier run. */
    public StylizeJob(SparkSession spark, StylizeJobConfig config, RowHook hook) {
        this(spark, config, hook, false);
    }

    /**
     * A job; with {@code overwrite} it replaces an earlier run in its output folder (the files that run
     * wrote, nothing else; see {@link OutputFolder}).
     */
    public StylizeJob(SparkSession spark, StylizeJobConfig config, RowHook hook, boolean overwrite) {
        this.spark = spark;
        this.config = config;
        this.hook = hook;
        this.overwrite = overwrite;
    }

    /** The results table of a finished job. */
    public static Path resultsPath(String outputDir) {
        return new Path(outputDir, "results.parquet");
    }

    /** The job config for {@code outputDir}, carrying the session's {@code spark.hadoop.*} settings to executors. */
    public static StylizeJobConfig config(SparkSession spark, String outputDir, Map<String, String> defaults,
            String weights, boolean requirePretrained) {
        Map<String, String> hadoop = new TreeMap<>();
        for (Tuple2<String, String> kv : spark.sparkContext().getConf().getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                hadoop.put(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            RowSettings.requireKnown(d.getKey(), "defaults");
        }
        // executors run in folders of their own: the output folder is made absolute here, on the driver
        Path out = new Path(outputDir);
        try {
            out = out.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot use output folder " + outputDir + ": " + e.getMessage(), e);
        }
        return new StylizeJobConfig(out.toString(), defaults, weights, requirePretrained, hadoop);
    }

    /**
     * Runs every row and writes the results table; returns it as read back from storage (so that
     * nothing downstream recomputes a row).
     *
     * @throws InvalidInputException when an output would replace one of the inputs, or the output
     *     folder may not be used ({@link OutputFolder})
     */
    public Dataset<Row> run(List<ManifestRow> rows) throws IOException {
        Set<Path> inputs = requireOutputsAreNotInputs(rows);
        Path outDir = new Path(config.outputDir());
        FileSystem fs = outDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        // before any image is read: the folder is checked and marked as this run's
        OutputFolder.claim(fs, outDir, overwrite, rows.stream().map(ManifestRow::id).toList(), inputs);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        StylizeJobConfig cfg = config;
        RowHook h = hook;
        JavaRDD<RowResult> results = jsc.parallelize(rows, Math.max(1, rows.size()))
                .mapPartitions((Iterator<ManifestRow> it) -> stylizePartition(it, cfg, h));
        int files = Math.max(1, (rows.size() + ROWS_PER_RESULT_FILE - 1) / ROWS_PER_RESULT_FILE);
        Path table = resultsPath(config.outputDir());
        // the shuffle keeps the stylize stage at one task per row while the table gets few files
        OutputFolder.writeTable(spark.createDataFrame(results.map(ResultsTable::toRow), ResultsTable.SCHEMA)
                .repartition(files), fs, table);
        return spark.read().parquet(globEscaped(table.toString()));
    }

    /** {@code path} with Hadoop's glob characters escaped: Spark reads paths as patterns, out[1] included. */
    static String globEscaped(String path) {
        return path.replaceAll("([\\\\{}\\[\\]*?])", "\\\\$1");
    }

    private static Iterator<RowResult> stylizePartition(Iterator<ManifestRow> rows, StylizeJobConfig cfg, RowHook hook)
            throws Exception {
        TaskContext task = TaskContext.get();
        ExecutorResources.configureThreads(ExecutorResources.executorCores(org.apache.spark.SparkEnv.get().conf()));
        Configuration conf = cfg.hadoopConfiguration();
        RowStylizer stylizer = new RowStylizer(cfg, conf);
        String attempt = "attempt-" + task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
        List<RowResult> out = new ArrayList<>();
        while (rows.hasNext()) {
            ManifestRow row = rows.next();
            RowResult r = stylizer.run(row, attempt, task.attemptNumber(), task::isInterrupted, conf);
            hook.afterRow(row, r, task.attemptNumber());
            out.add(r);
        }
        return out.iterator();
    }

    private Set<Path> requireOutputsAreNotInputs(List<ManifestRow> rows) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path outDir = new Path(config.outputDir());
        FileSystem fs = outDir.getFileSystem(conf);
        Set<Path> inputs = new HashSet<>();
        for (ManifestRow r : rows) {
            inputs.add(qualified(r.content(), conf));
            inputs.add(qualified(r.style(), conf));
        }
        requireOutputsAreNotInputs(fs, config.outputDir(), rows.stream().map(ManifestRow::id).toList(), inputs);
        return inputs;
    }

    /**
     * Refuses a run in {@code outputDir} whose image or sidecar of a row ({@code ids}), or whose results
     * table, would be one of its (qualified) {@code inputs}.
     *
     * @throws InvalidInputException naming the row or the input
     */
    static void requireOutputsAreNotInputs(FileSystem fs, String outputDir, List<String> ids, Set<Path> inputs) {
        for (String id : ids) {
            Path o = fs.makeQualified(RowStylizer.outputOf(outputDir, id));
            Path sidecar = new Path(o.getParent(), o.getName() + ".json");
            if (inputs.contains(o) || inputs.contains(sidecar)) {
                throw new SettingException("output", "row " + id + " would write " + Printable.of(o.toString(), 300)
                        + ", which is one of the inputs; choose another output folder");
            }
        }
        Path results = fs.makeQualified(resultsPath(outputDir));
        for (Path in : inputs) {
            if (in.equals(results) || in.toString().startsWith(results + "/")) {
                throw new SettingException("output", Printable.of(in.toString(), 300) + " lies inside the results table "
                        + Printable.of(results.toString(), 300) + "; choose another output folder");
            }
        }
    }

    /** {@code file} made absolute on its file system. */
    static Path qualified(String file, Configuration conf) throws IOException {
        Path p;
        try {
            p = new Path(file);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("input " + Printable.of(file) + " is not a usable path: "
                    + Printable.line(e.getMessage(), 200));
        }
        return p.getFileSystem(conf).makeQualified(p);
    }
}
