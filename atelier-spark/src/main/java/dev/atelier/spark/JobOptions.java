package dev.atelier.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.atelier.commands.SettingOptions;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code spark stylize} and {@code spark sweep} share: the manifest, outputs, Spark and default settings. */
public final class JobOptions {
    @Parameters(index = "0", paramLabel = "MANIFEST",
            description = "A folder of content images (with --style), or a .csv/.parquet table of rows "
                    + "(columns content, style, optional id and settings such as size, style_weight, seed).")
    String manifest;

    /** -o, --overwrite, --master: as every Spark job's. */
    @CommandLine.Mixin
    OutputOptions target = new OutputOptions();

    @Option(names = {"-s", "--style"}, paramLabel = "IMAGE",
            description = "Style image for every row of a folder manifest (or a table without a style column); repeatable.")
    List<String> styles = new ArrayList<>();

    @Option(names = "--weights", paramLabel = "NAME|FILE|URI",
            description = "VGG weights: a store name, a file on every executor, or an hdfs:// or s3a:// URI read once per executor "
                    + "(default: each executor's store, else random weights).")
    String weights;

    @Option(names = "--require-pretrained", description = "Fail rows rather than fall back to random weights.")
    boolean requirePretrained;

    // the default settings of the rows (--size, --max-evals, --recipe, ...) are added from
    // StyleTransferSettingsTable when the command line is built (AtelierSpark.newCommandLine)

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other default setting by its manifest column name, e.g. --set colors=keep; repeatable.")
    List<String> sets = new ArrayList<>();

    /**
     * Checks that the manifest exists before Spark is started for it.
     *
     * @throws dev.atelier.core.InvalidInputException when it does not
     */
    void requireManifest() throws java.io.IOException {
        requireManifest(manifest);
    }

    /**
     * Checks that the manifest {@code manifest} exists before Spark is started for it (every job's).
     *
     * @throws dev.atelier.core.InvalidInputException when it does not, or is neither a folder nor a regular file
     */
    static void requireManifest(String manifest) throws java.io.IOException {
        org.apache.hadoop.fs.Path p;
        try {
            p = new org.apache.hadoop.fs.Path(manifest);
        } catch (IllegalArgumentException e) {
            throw new dev.atelier.core.InvalidInputException("manifest " + Printable.of(manifest) + " is not a usable path: "
                    + Printable.line(e.getMessage(), 200));
        }
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
        if (!fs.exists(p)) {
            throw new dev.atelier.core.InvalidInputException("no such manifest: " + Printable.of(manifest, 300));
        }
        // A local device or pipe (/dev/zero) would be read without end; a folder is fine here (a table of
        // part files), so only what is neither a folder nor a regular file is refused, the way every other
        // input of the command line is.
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem) {
            java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(p).toUri());
            if (!java.nio.file.Files.isDirectory(local)) {
                dev.atelier.core.io.InputFiles.requireRegularFile("manifest", local);
            }
        }
    }

    /**
     * Checks the output folder before Spark is started for it ({@link OutputFolder}); the job checks it
     * again, and marks it, before its first row.
     *
     * @throws dev.atelier.core.InvalidInputException when it holds files Atelier did not write, or an
     *     earlier run without {@code --overwrite}
     */
    void requireOutput() throws java.io.IOException {
        OutputFolder.check(new org.apache.hadoop.conf.Configuration(), target.output, target.overwrite);
    }

    /** The job's default settings: the named options, then {@code --set}. */
    Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>(SettingOptions.typed(command, StyleTransferSettingsTable.TABLE,
                FrontEnd.SPARK));
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new dev.atelier.core.SettingException("set", s + ": expected KEY=VALUE, e.g. colors=keep");
            }
            String key;
            try {
                key = RowSettings.requireKnown(s.substring(0, eq), s);
            } catch (dev.atelier.core.InvalidInputException e) {
                throw new dev.atelier.core.SettingException("set", e.getMessage());
            }
            d.put(key, s.substring(eq + 1));
        }
        // checked once here so that a typo stops the job before Spark starts, not in every row
        RowSettings.builder(d).build();
        return d;
    }
}
