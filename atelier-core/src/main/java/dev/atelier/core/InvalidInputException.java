package dev.atelier.core;

/**
 * A problem with what the user gave us (a file, an option, a configuration), as opposed to a bug.
 *
 * <p>The CLI prints only {@link #getMessage()} for these, on one line, and exits with code 2, so the
 * message must say what is wrong and, where possible, how to fix it.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
