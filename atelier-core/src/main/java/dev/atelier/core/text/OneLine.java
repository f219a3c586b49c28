package dev.atelier.core.text;

/**
 * A message made one line: every line break, with the blanks around it, becomes one space. Errors reach users
 * as one line (stderr, a JSON {@code error}, a Spark row's status), whatever a library put in its message.
 */
public final class OneLine {
    private OneLine() {}

    /** {@code text} on one line and stripped; "" for null. */
    public static String of(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
