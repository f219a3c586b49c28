package dev.atelier.spark;

import java.io.Serializable;

/**
 * Called in the task after a row's files are in place and before its result is handed to Spark: a
 * place for auditing, and for tests to kill a task at the worst moment.
 */
@FunctionalInterface
public interface RowHook extends Serializable {
    /** Does nothing. */
    RowHook NONE = (row, result, attemptNumber) -> {};

    /**
     * @param attemptNumber Spark's attempt number of the running task (0 for the first)
     * @throws Exception to fail the task (Spark then retries it)
     */
    void afterRow(ManifestRow row, RowResult result, int attemptNumber) throws Exception;
}
