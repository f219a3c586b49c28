package dev.atelier.audit.report;

/**
 * User data (group names, column names, labels) made safe to show on one line of a terminal, a table
 * cell or a page. A CSV can hold anything; shown raw, an ANSI escape sequence in a group name could
 * recolour, clear or retitle the reader's terminal, a line break would split a table row, and a
 * bidirectional override could make one group's name read as another's.
 */
public final class DisplayText {
    private static final char ESC = 0x1B;
    private static final char BEL = 0x07;
    private static final char C1_CSI = 0x9B;
    private static final char C1_ST = 0x9C;

    private DisplayText() {}

    /**
     * {@code text} without terminal escape sequences (CSI, OSC, DCS... whole, not just their ESC),
     * C0/C1 control characters and bidirectional formatting characters; tabs and line breaks become
     * spaces so that the text stays on one line.
     */
    public static String clean(String text) {
        if (isPlain(text)) {
            return text; // the common case: nothing to do, no copy
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = skipEscape(text, i + 1);
            } else if (c == C1_CSI) {
                i = skipCsi(text, i + 1);
            } else if (c == 0x9D || c == 0x90 || c == 0x98 || c == 0x9E || c == 0x9F) {
                i = skipString(text, i + 1); // C1 OSC, DCS, SOS, PM, APC: run to their terminator
            } else {
                if (c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85
                        || c == 0x2028 || c == 0x2029) {
                    out.append(' ');
                } else if (!isDropped(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || isBidi(c) || c == 0x2028 || c == 0x2029) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDropped(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || isBidi(c);
    }

    /** Bidirectional embeddings, overrides, isolates and marks: they reorder what is displayed. */
    private static boolean isBidi(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }

    /** Index after the escape sequence whose ESC preceded {@code i}. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsi(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipString(s, i + 1);
        }
        // Two-character sequences (ESC c, ESC 7...), or ESC with intermediates: skip through the final byte.
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2F) {
            i++;
        }
        return Math.min(s.length(), i + 1);
    }

    /** Skips CSI parameters and intermediates up to and including the final byte (0x40–0x7E). */
    private static int skipCsi(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c >= 0x40 && c <= 0x7E) {
                return i;
            }
            if (c < 0x20 || c > 0x7E) {
                return i - 1; // malformed: end the sequence, the character itself is judged on its own
            }
        }
        return i;
    }

    /** Skips a control string up to BEL, ST (ESC \) or C1 ST. */
    private static int skipString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == BEL || c == C1_ST) {
                return i;
            }
            if (c == ESC) {
                return i < s.length() && s.charAt(i) == '\\' ? i + 1 : i;
            }
        }
        return i;
    }
}
