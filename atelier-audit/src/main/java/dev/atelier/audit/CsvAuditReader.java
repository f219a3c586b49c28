package dev.atelier.audit;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads the cases of an audit from a CSV file with a header row: a label column, a prediction
 * column and/or a score column, and one or more group columns. Every problem with the file is an
 * {@link InvalidInputException} naming the line, the column and the value at fault.
 *
 * <pre>{@code
 * AuditInput input = CsvAuditReader.builder()
 *         .setLabelColumn("two_year_recid")
 *         .optScoreColumn("decile_score").optThreshold(5)
 *         .addGroupColumn("race")
 *         .build()
 *         .read(Path.of("compas.csv"));
 * }</pre>
 */
public final class CsvAuditReader {
    /** The longest record (row) accepted unless configured otherwise, in characters. */
    public static final long DEFAULT_MAX_RECORD_CHARS = 1_000_000;
    /** System property overriding {@link #DEFAULT_MAX_RECORD_CHARS}. */
    public static final String MAX_RECORD_CHARS_PROPERTY = "atelier.audit.maxRecordChars";
    /** Environment variable overriding {@link #DEFAULT_MAX_RECORD_CHARS} (the system property wins). */
    public static final String MAX_RECORD_CHARS_ENV = "ATELIER_AUDIT_MAX_RECORD_CHARS";

    /** A plain decimal number: no hex, no {@code d}/{@code f} suffix, no NaN or Infinity. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String labelColumn;
    private final String predictionColumn;
    private final String scoreColumn;
    private final double threshold;
    private final List<String> groupColumns;
    private final char delimiter;
    private final long maxRecordChars;

    private CsvAuditReader(Builder b) {
        this.labelColumn = b.labelColumn;
        this.predictionColumn = b.predictionColumn;
        this.scoreColumn = b.scoreColumn;
        this.threshold = b.threshold == null ? 0.5 : b.threshold;
        this.groupColumns = List.copyOf(b.groupColumns);
        this.delimiter = b.delimiter;
        this.maxRecordChars = b.maxRecordChars != null ? b.maxRecordChars : configuredMaxRecordChars();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code file}. */
    public AuditInput read(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, name);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + " is not UTF-8 text; save it as UTF-8 CSV", e);
        }
    }

    /** Reads CSV text from {@code reader}; {@code name} identifies it in messages. */
    public AuditInput read(Reader reader, String name) throws IOException {
        BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        skipByteOrderMark(buffered);
        Reader in = new CsvTextGuard(buffered, name, maxRecordChars);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                // Duplicates are refused below with a clearer message than the parser's.
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<String> labels = new ArrayList<>();
        List<String> predictions = predictionColumn != null ? new ArrayList<>() : null;
        double[] scores = new double[1024];
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String g : groupColumns) {
            groups.put(g, new ArrayList<>());
        }
        // Each distinct value kept once: a million rows of a few labels and groups cost references, not strings.
        SharedStrings labelValues = new SharedStrings();
        Map<String, SharedStrings> groupValues = new HashMap<>();
        groupColumns.forEach(g -> groupValues.put(g, new SharedStrings()));
        int rows = 0;
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new InvalidInputException(name + " is empty; expected a header row and one row per case");
            }
            requireUniqueNames(name, header);
            requireColumns(name, header);
            int fields = header.size();
            for (CSVRecord record : parser) {
                // After a record the parser's line count is the line it ended on; quoted line breaks
                // inside it move its first line back.
                long recordLine = parser.getCurrentLineNumber() - lineBreaksIn(record);
                if (record.size() != fields) {
                    throw new InvalidInputException(name + " line " + recordLine + " has " + record.size()
                            + " fields but the header has " + fields);
                }
                labels.add(labelValues.share(required(record, labelColumn, "label", name, recordLine)));
                if (predictions != null) {
                    predictions.add(labelValues.share(required(record, predictionColumn, "prediction", name,
                            recordLine)));
                }
                if (scoreColumn != null) {
                    if (rows == scores.length) {
                        scores = Arrays.copyOf(scores, rows * 2);
                    }
                    scores[rows] = score(record.get(scoreColumn), name, recordLine);
                }
                for (String g : groupColumns) {
                    String value = record.get(g);
                    if (value.isBlank()) {
                        throw new InvalidInputException(name + " line " + recordLine + ": empty group in column '" + g
                                + "'; fill it in (e.g. 'unknown') or drop the row");
                    }
                    groups.get(g).add(groupValues.get(g).share(value));
                }
                rows++;
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException(name + " is not UTF-8 text; save it as UTF-8 CSV", e);
            }
            throw new InvalidInputException(name + " is not valid CSV: " + e.getCause().getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports duplicate or empty header names and broken quoting this way.
            throw new InvalidInputException(name + " is not valid CSV: " + e.getMessage(), e);
        }
        if (rows == 0) {
            throw new InvalidInputException(name + " has a header but no rows");
        }
        AuditInput.Builder input = AuditInput.builder()
                .optDescription(name)
                .optNames("label column '" + labelColumn + "'",
                        predictionColumn == null ? "prediction" : "prediction column '" + predictionColumn + "'")
                .setLabels(labels)
                .optThreshold(threshold);
        if (predictions != null) {
            input.optPredictions(predictions);
        }
        if (scoreColumn != null) {
            input.optScores(Arrays.copyOf(scores, rows));
        }
        groups.forEach(input::addGroup);
        return input.build();
    }

    private static long lineBreaksIn(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    private static void requireUniqueNames(String name, List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer first = seen.putIfAbsent(header.get(i), i + 1);
            if (first != null) {
                throw new InvalidInputException(name + " has two columns named '" + header.get(i) + "' (columns "
                        + first + " and " + (i + 1) + "); rename one so that every column has its own name");
            }
        }
    }

    private void requireColumns(String name, List<String> header) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(labelColumn);
        if (predictionColumn != null) {
            wanted.add(predictionColumn);
        }
        if (scoreColumn != null) {
            wanted.add(scoreColumn);
        }
        wanted.addAll(groupColumns);
        List<String> missing = wanted.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            String which = missing.size() == 1 ? "column '" + missing.get(0) + "' is"
                    : "columns " + String.join(", ", missing.stream().map(c -> "'" + c + "'").toList()) + " are";
            throw new InvalidInputException(which + " not in " + name + "; its columns are: "
                    + String.join(", ", header));
        }
    }

    private static String required(CSVRecord record, String column, String what, String name, long line) {
        String value = record.get(column);
        if (value.isBlank()) {
            throw new InvalidInputException(name + " line " + line + ": empty " + what + " in column '" + column + "'");
        }
        return value;
    }

    private double score(String text, String name, long line) {
        String t = text.strip();
        double value = NUMBER.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
        if (!Double.isFinite(value)) {
            // Escape line breaks so that the message stays on one line; cut what no one needs to read.
            String shown = (t.length() > 40 ? t.substring(0, 40) + "…" : t).replace("\r", "\\r").replace("\n", "\\n");
            throw new InvalidInputException(name + " line " + line + ": score column '" + scoreColumn + "' has '"
                    + shown + "', " + (NUMBER.matcher(t).matches() ? "a number too large" : "not a number")
                    + "; scores must be finite decimal numbers");
        }
        return value;
    }

    private static long configuredMaxRecordChars() {
        String property = System.getProperty(MAX_RECORD_CHARS_PROPERTY);
        String env = System.getenv(MAX_RECORD_CHARS_ENV);
        String text = property != null ? property : env != null && !env.isBlank() ? env : null;
        if (text == null) {
            return DEFAULT_MAX_RECORD_CHARS;
        }
        String source = property != null ? "system property " + MAX_RECORD_CHARS_PROPERTY
                : "environment variable " + MAX_RECORD_CHARS_ENV;
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(source + " must be a positive number of characters, got '" + text + "'");
    }

    /** One copy of each distinct value. */
    private static final class SharedStrings {
        private final Map<String, String> values = new HashMap<>();

        String share(String value) {
            String kept = values.putIfAbsent(value, value);
            return kept != null ? kept : value;
        }
    }

    private static void skipByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
    }

    /** Builder for {@link CsvAuditReader}: the label column, a prediction and/or score column, group columns. */
    public static final class Builder {
        private String labelColumn;
        private String predictionColumn;
        private String scoreColumn;
        private Double threshold;
        private final List<String> groupColumns = new ArrayList<>();
        private char delimiter = ',';
        private Long maxRecordChars;

        private Builder() {}

        /** The column holding each case's true label. */
        public Builder setLabelColumn(String column) {
            this.labelColumn = column;
            return this;
        }

        /** The column holding each case's predicted label, in the same values as the label. */
        public Builder optPredictionColumn(String column) {
            this.predictionColumn = column;
            return this;
        }

        /** The column holding each case's score for the positive class (for the AUC, or predictions). */
        public Builder optScoreColumn(String column) {
            this.scoreColumn = column;
            return this;
        }

        /** Scores at or above this are predicted positive when there is no prediction column; default 0.5. */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Adds a group column; the audit covers each one alone and every pair together. */
        public Builder addGroupColumn(String column) {
            this.groupColumns.add(column);
            return this;
        }

        /**
         * The longest record (row) accepted, in characters; default {@value CsvAuditReader#DEFAULT_MAX_RECORD_CHARS}
         * or what {@value CsvAuditReader#MAX_RECORD_CHARS_PROPERTY} / {@value CsvAuditReader#MAX_RECORD_CHARS_ENV} say.
         */
        public Builder optMaxRecordChars(long maxRecordChars) {
            if (maxRecordChars <= 0) {
                throw new InvalidInputException("the longest record must be a positive number of characters, got "
                        + maxRecordChars);
            }
            this.maxRecordChars = maxRecordChars;
            return this;
        }

        /** The field separator; default comma. */
        public Builder optDelimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /**
         * The reader.
         *
         * @throws SettingException about {@code label}, {@code prediction}, {@code score} or {@code group} when
         *     that column is missing (a threshold needs the score column)
         * @throws InvalidInputException for other unusable settings
         */
        public CsvAuditReader build() {
            if (labelColumn == null || labelColumn.isBlank()) {
                throw new SettingException("label", "say which column holds the true labels");
            }
            if (predictionColumn == null && scoreColumn == null) {
                throw new SettingException("prediction", "say which column holds the predictions, or the scores");
            }
            if (threshold != null && scoreColumn == null) {
                throw new SettingException("score", "a threshold applies to scores; say which column holds them");
            }
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new InvalidInputException("threshold must be a number, got " + threshold);
            }
            if (groupColumns.isEmpty()) {
                throw new SettingException("group", "say which column(s) hold the groups");
            }
            if (new LinkedHashSet<>(groupColumns).size() != groupColumns.size()) {
                throw new InvalidInputException("a group column is given twice: " + groupColumns);
            }
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new InvalidInputException("'" + delimiter + "' cannot separate CSV fields");
            }
            return new CsvAuditReader(this);
        }
    }
}
