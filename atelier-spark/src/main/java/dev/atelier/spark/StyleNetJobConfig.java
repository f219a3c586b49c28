package dev.atelier.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * What every task of a style-network job needs besides its row and the network's bytes (which travel as
 * a Spark broadcast, see {@link StyleNetJob}), shipped with the tasks.
 *
 * @param outputDir the job's output folder (a qualified Hadoop path or URI)
 * @param net the network file as the driver read it (qualified), for the table and the sidecars
 * @param netSha256 the SHA-256 of the network file's bytes: an executor checks the bytes it receives
 *     against it, and caches the network under it
 * @param size the long side each picture is painted at, or 0 for its own size
 * @param hadoopSettings the job's {@code spark.hadoop.*} settings (prefix removed), applied on executors
 */
public record StyleNetJobConfig(String outputDir, String net, String netSha256, int size,
        Map<String, String> hadoopSettings) implements Serializable {
    public StyleNetJobConfig {
        hadoopSettings = new TreeMap<>(hadoopSettings);
    }

    /** A Hadoop configuration with the job's settings, built where the task runs. */
    public Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        hadoopSettings.forEach(conf::set);
        return conf;
    }
}
