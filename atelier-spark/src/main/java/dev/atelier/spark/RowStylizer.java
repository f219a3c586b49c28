package dev.atelier.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferPreparation;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.StopReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Stylizes one manifest row inside a task: reads its images, runs the engine with the executor's shared
 * weights, writes {@code images/ID.png} and its sidecar {@code images/ID.png.json} atomically, and
 * returns its line of the results table.
 *
 * <p>What the row itself gets wrong (a missing or corrupt image, an invalid setting, an image too large
 * for memory, a run the engine refuses) fails the row: it is recorded with its error and the job goes
 * on. What is not the row's fault (an output that cannot be written, an input that cannot be read for
 * I/O reasons, the task being killed) fails the task, which Spark retries; the retry rewrites the same
 * files.
 */
public final class RowStylizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StylizeJobConfig config;
    private final HadoopFiles files;

    public RowStylizer(StylizeJobConfig config, Configuration hadoopConf) {
        this.config = config;
        this.files = new HadoopFiles(hadoopConf);
    }

    /** Where a row's image goes: {@code OUT/images/ID.png}. */
    public static org.apache.hadoop.fs.Path outputOf(String outputDir, String rowId) {
        return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(outputDir, "images"), rowId + ".png");
    }

    /**
     * Runs {@code row}.
     *
     * @param attempt a tag unique to this task attempt (temporary file names)
     * @param attemptNumber Spark's attempt number, recorded in the table
     * @param killed true once the task has been asked to stop
     * @throws IOException when an output cannot be written (the task fails and is retried)
     */
    public RowResult run(ManifestRow row, String attempt, int attemptNumber, BooleanSupplier killed, Configuration conf)
            throws IOException {
        long t0 = System.nanoTime();
        int threads = ExecutorResources.threads();
        Map<String, String> values = RowSettings.merge(config.defaults(), row.params());
        String settingsJson = null;
        double waited = 0;
        List<Path> temporary = new ArrayList<>();
        try {
            StyleTransferPreparation.PreparedRun prepared;
            RgbImage content;
            RgbImage style;
            try {
                StyleTransferSettings.Builder builder = RowSettings.builder(values);
                settingsJson = JSON.writeValueAsString(builder.build().describe());
                content = files.readImage(row.content(), "content", temporary);
                style = files.readImage(row.style(), "style", temporary);
                prepared = StyleTransferPreparation.prepare(builder, List.of(content), List.of(StyleInput.of(style)),
                        ExecutorResources.source(config.weights(), config.requirePretrained(), conf));
            } catch (InvalidInputException | IllegalArgumentException e) {
                return RowResult.failed(row, settingsJson, oneLine(e), seconds(t0), 0, attemptNumber, threads);
            }
            StyleTransferSettings settings = prepared.settings();
            NetworkWeights weights = prepared.weights();
            settingsJson = JSON.writeValueAsString(settings.describe());
            StyleTransferResult result;
            long waitStart = System.nanoTime();
            try {
                synchronized (ExecutorResources.OPTIMISATION) {
                    waited = seconds(waitStart);
                    result = prepared.engine().run(List.of(content), List.of(StyleInput.of(style)),
                        new StyleTransferListener() {
                            @Override
                            public boolean stopRequested() {
                                return killed.getAsBoolean();
                            }
                        }, new RunControl());
                }
            } catch (RuntimeException e) {
                // the engine refused this row's inputs or settings; a retry would fail the same way
                return RowResult.failed(row, settingsJson, oneLine(e), seconds(t0), waited, attemptNumber, threads);
            }
            if (result.reason() == StopReason.STOPPED) {
                throw new IOException("task killed while stylizing row " + row.id() + "; nothing written");
            }
            Path dir = Files.createTempDirectory("atelier-spark-row-");
            temporary.add(dir);
            Path image = dir.resolve(row.id() + ".png");
            RgbImage out = result.images().get(0);
            out.write(image);
            temporary.add(image);
            JudgeLosses judged = result.judged().get(0);
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("content", row.content());
            inputs.put("style", row.style());
            inputs.put("row_id", row.id());
            inputs.put("row_params", row.params());
            RunSidecar.write(image, inputs, settings, weights, result, 0, 1, judged == null ? null : judged.describe());
            Path sidecar = RunSidecar.pathFor(image);
            temporary.add(sidecar);
            org.apache.hadoop.fs.Path target = outputOf(config.outputDir(), row.id());
            // image first, sidecar last: a sidecar beside an image means the row is complete
            files.publish(image, target, attempt);
            files.publish(sidecar, new org.apache.hadoop.fs.Path(target.getParent(), target.getName() + ".json"), attempt);
            String error = null;
            if (result.reason() == StopReason.NON_FINITE_LOSS) {
                error = "the loss became NaN or infinite; kept the last good image (try a smaller lr)";
            }
            return new RowResult(row.id(), row.content(), row.style(), row.params(), settingsJson, target.toString(),
                    weights.name(), out.width(), out.height(), result.evaluations(), seconds(t0), waited, result.optimizeSeconds(),
                    judged == null ? Double.NaN : judged.content(), judged == null ? Double.NaN : judged.style(),
                    judged == null ? Double.NaN : judged.total(), result.reason().name().toLowerCase(Locale.ROOT), error,
                    attemptNumber, threads);
        } finally {
            HadoopFiles.deleteLocal(temporary);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        // one printable line: a manifest's raw bytes (a NUL in a path) never reach the table or a terminal as they are
        return Printable.line(m, 2000);
    }
}
