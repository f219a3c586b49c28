package dev.atelier.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * What every task of a stylize job needs besides its row, shipped with the tasks.
 *
 * @param outputDir the job's output folder (a Hadoop path or URI)
 * @param defaults settings for keys a row leaves unset (see {@link RowSettings#KEYS})
 * @param weights a store name, a file present on every executor, or a Hadoop URI; null for the
 *     executor's store, else random weights
 * @param requirePretrained fail rows instead of falling back to random weights
 * @param hadoopSettings the job's {@code spark.hadoop.*} settings (prefix removed), applied on executors
 */
public record StylizeJobConfig(String outputDir, Map<String, String> defaults, String weights, boolean requirePretrained,
        Map<String, String> hadoopSettings) implements Serializable {
    public StylizeJobConfig {
        defaults = new TreeMap<>(defaults);
        hadoopSettings = new TreeMap<>(hadoopSettings);
    }

    /** A Hadoop configuration with the job's settings, built where the task runs. */
    public Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        hadoopSettings.forEach(conf::set);
        return conf;
    }
}
