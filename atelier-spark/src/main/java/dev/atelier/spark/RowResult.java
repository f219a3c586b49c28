package dev.atelier.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What became of one manifest row: one line of the results table ({@link ResultsTable}).
 *
 * @param rowId the row's id
 * @param content the content image as given
 * @param style the style image as given
 * @param params the row's setting overrides (manifest columns, sweep grid point)
 * @param settingsJson every resolved setting (as in the sidecar), or null when the settings were invalid
 * @param output the written image, or null for a failed row
 * @param weights the weights' name ("random" for none)
 * @param width output width, 0 for a failed row
 * @param height output height, 0 for a failed row
 * @param evaluations loss evaluations spent
 * @param seconds wall time of the whole row in its task (reading, waiting, optimising, judging, writing)
 * @param waitedSeconds time spent waiting for the executor's one optimisation slot (see {@link ExecutorResources})
 * @param optimizeSeconds time spent optimising
 * @param judgeContent the fixed judge's content loss of the written image (NaN if not judged)
 * @param judgeStyle the fixed judge's style loss
 * @param judgeTotal their sum
 * @param stopReason why the optimiser stopped (lower case), null for a failed row
 * @param error one line saying why the row failed, null when it did not
 * @param attempt Spark's attempt number of the task that wrote this line (0 unless retried)
 * @param threads PyTorch intra-op threads the task ran with
 */
public record RowResult(String rowId, String content, String style, Map<String, String> params, String settingsJson,
        String output, String weights, int width, int height, int evaluations, double seconds, double waitedSeconds,
        double optimizeSeconds,
        double judgeContent, double judgeStyle, double judgeTotal, String stopReason, String error, int attempt,
        int threads) implements Serializable {

    /** A row that failed before or while running. */
    public static RowResult failed(ManifestRow row, String settingsJson, String error, double seconds, double waited,
            int attempt, int threads) {
        return new RowResult(row.id(), row.content(), row.style(), row.params(), settingsJson, null, null, 0, 0, 0,
                seconds, waited, 0, Double.NaN, Double.NaN, Double.NaN, null, error, attempt, threads);
    }

    public boolean ok() {
        return error == null;
    }
}
