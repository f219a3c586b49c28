package dev.atelier.spark;

import picocli.CommandLine.Option;

/** Where every Spark job writes and on which master it runs: {@code -o OUT}, {@code --overwrite}, {@code --master}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder (local, hdfs://, s3a://): images/ID.png + .json sidecars, results.parquet. "
                    + "Must be new, empty, or an earlier run (with --overwrite).")
    String output;

    @Option(names = "--overwrite",
            description = "Replace an earlier Atelier run in OUT: delete the files it wrote (nothing else) first. "
                    + "A folder holding files Atelier did not write is refused, with or without this.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[*], local[2], spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;
}
