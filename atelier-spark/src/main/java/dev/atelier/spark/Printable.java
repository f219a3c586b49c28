package dev.atelier.spark;

import dev.atelier.core.text.OneLine;

/**
 * User text (a manifest's cells and column names, file names found in an output folder) made safe to
 * echo in a one-line message: control and other invisible characters become {@code \}{@code uXXXX}, and
 * a long value is cut with {@code ...}.
 */
final class Printable {
    /** Characters kept of one echoed value. */
    static final int MAX_CHARS = 120;

    private Printable() {}

    /** {@code text} escaped and cut at {@link #MAX_CHARS}; "null" for null. */
    static String of(String text) {
        return of(text, MAX_CHARS);
    }

    /** {@code text} escaped and cut at {@code max} characters of the original. */
    static String of(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (count++ == max) {
                b.append("...");
                break;
            }
            if (printable(c)) {
                b.appendCodePoint(c);
            } else {
                for (char ch : Character.toChars(c)) {
                    b.append(String.format("\\u%04x", (int) ch));
                }
            }
            i += Character.charCount(c);
        }
        return b.toString();
    }

    /** {@code message} (which may hold several lines or raw bytes) as one printable line of at most {@code max}. */
    static String line(String message, int max) {
        return of(message == null ? null : OneLine.of(message), max);
    }

    private static boolean printable(int c) {
        if (Character.isISOControl(c)) {
            return false;
        }
        int type = Character.getType(c);
        // line and paragraph separators break lines; format characters (bidi overrides, zero widths)
        // make a name read as another; unassigned and surrogates are not text
        return type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
                && type != Character.UNASSIGNED && type != Character.SURROGATE && type != Character.PRIVATE_USE;
    }
}
