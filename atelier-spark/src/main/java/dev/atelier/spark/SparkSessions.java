package dev.atelier.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts the job's Spark session: the given master, else spark-submit's, else all local cores. */
final class SparkSessions {
    private SparkSessions() {}

    static SparkSession start(String appName, String master) {
        SparkConf conf = new SparkConf();
        boolean submitted = conf.contains("spark.master");
        String effective = master != null ? master : submitted ? conf.get("spark.master") : "local[*]";
        SparkSession.Builder b = SparkSession.builder().appName(appName).config(conf);
        if (master != null || !submitted) {
            b.master(effective);
        }
        // a one-shot local run has no use for the driver's web UI, whose port may be taken
        if (effective.startsWith("local") && !conf.contains("spark.ui.enabled")) {
            b.config("spark.ui.enabled", "false");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
