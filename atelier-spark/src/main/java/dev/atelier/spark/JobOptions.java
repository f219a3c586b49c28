package dev.atelier.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code spark stylize} and {@code spark sweep} share: the manifest, outputs, Spark and default settings. */
public final class JobOptions {
    @Parameters(index = "0", paramLabel = "MANIFEST",
            description = "A folder of content images (with --style), or a .csv/.parquet table of rows "
                    + "(columns content, style, optional id and settings such as size, style_weight, seed).")
    String manifest;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder (local, hdfs://, s3a://): images/ID.png + .json sidecars, results.parquet.")
    String output;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[*], local[2], spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = {"-s", "--style"}, paramLabel = "IMAGE",
            description = "Style image for every row of a folder manifest (or a table without a style column); repeatable.")
    List<String> styles = new ArrayList<>();

    @Option(names = "--weights", paramLabel = "NAME|FILE|URI",
            description = "VGG weights: a store name, a file on every executor, or an hdfs:// or s3a:// URI read once per executor "
                    + "(default: each executor's store, else random weights).")
    String weights;

    @Option(names = "--require-pretrained", description = "Fail rows rather than fall back to random weights.")
    boolean requirePretrained;

    @Option(names = "--size", paramLabel = "N", description = "Default long side of the outputs (default 384).")
    String size;

    @Option(names = "--max-evals", paramLabel = "N", description = "Default evaluation budget (default 300).")
    String maxEvals;

    @Option(names = "--recipe", paramLabel = "RECIPE", description = "Default recipe: gatys or lesson13.")
    String recipe;

    @Option(names = "--net", paramLabel = "NET", description = "Default network: vgg16, vgg16_bn, vgg19, vgg19_bn.")
    String net;

    @Option(names = "--scales", paramLabel = "auto|N|S1,S2,...", description = "Default scale ladder (default auto).")
    String scales;

    @Option(names = "--style-weight", paramLabel = "W", description = "Default style weight.")
    String styleWeight;

    @Option(names = "--content-weight", paramLabel = "W", description = "Default content weight.")
    String contentWeight;

    @Option(names = "--tv-weight", paramLabel = "W", description = "Default total-variation weight.")
    String tvWeight;

    @Option(names = "--seed", paramLabel = "S", description = "Default seed (noise, random weights) (default 0).")
    String seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other default setting by its manifest column name, e.g. --set colors=keep; repeatable.")
    List<String> sets = new ArrayList<>();

    /**
     * Checks that the manifest exists before Spark is started for it.
     *
     * @throws dev.atelier.core.InvalidInputException when it does not
     */
    void requireManifest() throws java.io.IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(manifest);
        if (!p.getFileSystem(new org.apache.hadoop.conf.Configuration()).exists(p)) {
            throw new dev.atelier.core.InvalidInputException("no such manifest: " + manifest);
        }
    }

    /** The job's default settings: the named options, then {@code --set}. */
    Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        put(d, "size", size);
        put(d, "max_evals", maxEvals);
        put(d, "recipe", recipe);
        put(d, "net", net);
        put(d, "scales", scales);
        put(d, "style_weight", styleWeight);
        put(d, "content_weight", contentWeight);
        put(d, "tv_weight", tvWeight);
        put(d, "seed", seed);
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new dev.atelier.core.InvalidInputException("--set " + s + ": expected KEY=VALUE, e.g. colors=keep");
            }
            d.put(RowSettings.requireKnown(s.substring(0, eq), "--set"), s.substring(eq + 1));
        }
        // checked once here so that a typo stops the job before Spark starts, not in every row
        RowSettings.builder(d).build();
        return d;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
