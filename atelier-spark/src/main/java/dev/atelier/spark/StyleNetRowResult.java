package dev.atelier.spark;

import java.io.Serializable;

/**
 * What became of one row of a style-network job: one line of its results table ({@link StyleNetResultsTable}).
 *
 * @param rowId the row's id
 * @param content the content image as given (qualified)
 * @param net the network file (qualified)
 * @param netSha256 the SHA-256 of the network file
 * @param output the written image, or null for a failed row
 * @param width output width, 0 for a failed row
 * @param height output height, 0 for a failed row
 * @param seconds wall time of the whole row in its task (reading, resizing, waiting, painting, writing)
 * @param waitedSeconds time spent waiting for the executor's one forward pass at a time ({@link ExecutorStyleNets#PASS})
 * @param paintSeconds time the network's forward pass took
 * @param status {@value #WRITTEN} or {@value #FAILED}
 * @param error one line saying why the row failed, null when it did not
 * @param attempt Spark's attempt number of the task that wrote this line (0 unless retried)
 * @param threads PyTorch intra-op threads the task ran with
 */
public record StyleNetRowResult(String rowId, String content, String net, String netSha256, String output, int width,
        int height, double seconds, double waitedSeconds, double paintSeconds, String status, String error, int attempt,
        int threads) implements Serializable {
    /** The status of a row whose image was written. */
    public static final String WRITTEN = "written";
    /** The status of a row that failed. */
    public static final String FAILED = "failed";

    /** A row that failed, with its one-line {@code error}. */
    public static StyleNetRowResult failed(ContentRow row, StyleNetJobConfig config, String error, double seconds,
            double waited, int attempt, int threads) {
        return new StyleNetRowResult(row.id(), row.content(), config.net(), config.netSha256(), null, 0, 0, seconds,
                waited, 0, FAILED, error, attempt, threads);
    }
}
