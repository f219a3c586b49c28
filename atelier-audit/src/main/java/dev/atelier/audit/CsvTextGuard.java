package dev.atelier.audit;

import dev.atelier.core.InvalidInputException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Checks CSV text as it streams into the parser, before the parser buffers it: a NUL character
 * means a binary file, not text; a record longer than the limit means a binary file, a missing
 * closing quote or a hostile file, and would otherwise be buffered whole, however large.
 *
 * <p>Records are counted as the parser sees them: a line break inside double quotes does not end
 * one ({@code ""} inside quotes toggles the state twice, so it needs no special case).
 */
final class CsvTextGuard extends FilterReader {
    private final String name;
    private final long maxRecordChars;
    private long line = 1;
    private long recordStartLine = 1;
    private long recordChars;
    private boolean quoted;
    private char previous;

    /**
     * @param in the CSV text
     * @param name the file's name, for messages
     * @param maxRecordChars the longest record accepted, in characters
     */
    CsvTextGuard(Reader in, String name, long maxRecordChars) {
        super(in);
        this.name = name;
        this.maxRecordChars = maxRecordChars;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            check((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + Math.max(n, 0); i++) {
            check(buffer[i]);
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false; // re-reading marked text would count it twice
    }

    private void check(char c) {
        if (c == 0) {
            throw new InvalidInputException(name + " line " + line + " holds a NUL character: it is a binary file,"
                    + " not CSV text");
        }
        char before = previous;
        previous = c;
        if (c == '"') {
            quoted = !quoted;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' || before != '\r') {
                line++; // CR, LF and CRLF each end one line
            }
            if (!quoted) {
                recordChars = 0;
                recordStartLine = line;
                return;
            }
        }
        if (++recordChars > maxRecordChars) {
            throw new InvalidInputException(name + " line " + recordStartLine + ": a record longer than "
                    + maxRecordChars + " characters (a binary file, or a quote never closed?); the limit is set by"
                    + " the system property " + CsvAuditReader.MAX_RECORD_CHARS_PROPERTY + " or the environment"
                    + " variable " + CsvAuditReader.MAX_RECORD_CHARS_ENV);
        }
    }
}
