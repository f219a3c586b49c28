package dev.atelier.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts the job's Spark session: the given master, else spark-submit's, else all local cores. */
final class SparkSessions {
    private SparkSessions() {}

    static SparkSession start(String appName, String master) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName(appName).config(conf);
        if (master != null) {
            b.master(master);
        } else if (!conf.contains("spark.master")) {
            b.master("local[*]");
        }
        // the driver's web UI is of little use to a one-shot local run, and its port may be taken
        if (!conf.contains("spark.ui.enabled") && (master == null || master.startsWith("local"))
                && !conf.contains("spark.master")) {
            b.config("spark.ui.enabled", "false");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
