package dev.atelier.core.memory;

import dev.atelier.core.InvalidInputException;

/**
 * The memory a piece of work needs is held by other work now, and the caller chose not to wait longer:
 * asking again later will likely succeed. The studio answers it with {@code 503} and
 * {@code Retry-After}; elsewhere it is one line like any refused input.
 */
public final class MemoryBusyException extends InvalidInputException {
    private final int retryAfterSeconds;

    /**
     * @param message one line saying what is busy
     * @param retryAfterSeconds when asking again is worth it
     */
    public MemoryBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which asking again is worth it. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
