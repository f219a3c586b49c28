package dev.atelier.cli;

import dev.atelier.audit.AuditInput;
import dev.atelier.audit.AuditOptions;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.BiasAudit;
import dev.atelier.audit.CsvAuditReader;
import dev.atelier.audit.report.DisplayText;
import dev.atelier.audit.report.ReportFormat;
import dev.atelier.audit.report.ReportLimits;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.SettingException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.OutputLocation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier audit}: per-group error crosstabs of a classifier's predictions, with flags. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Bias audit: per-group counts, base rate, selection rate, accuracy, FPR, FNR, precision and AUC,"
                    + " each with a 95%% Wilson interval, and each group's disparity from a reference group.",
            "Flags ratios outside --ratio-bounds (default: the four-fifths rule) with '!' and groups too small"
                    + " to judge (interval wider than --max-interval-width) with '?'.",
        },
        footer = {
            "",
            "Examples:",
            "  atelier audit compas.csv --label two_year_recid \\",
            "      --prediction high_risk --group race",
            "  atelier audit hiring.csv --label qualified --score score \\",
            "      --threshold 0.5 --group sex,age_band -o audit.html",
            "",
            "Exit codes: 0 audited, 2 bad input (one line on stderr says what)."
        })
public final class AuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file with a header row, one row per case.")
    Path file;

    // --label and --group are checked by CsvAuditReader rather than picocli, so that leaving one out
    // gets the same one-line message as every other input mistake.
    @Option(names = "--label", paramLabel = "COL", description = "Column of true labels (required).")
    String label;

    @Option(names = "--prediction", paramLabel = "COL",
            description = "Column of predicted labels (same values as the label column).")
    String prediction;

    @Option(names = "--score", paramLabel = "COL",
            description = "Column of scores for the positive class: gives the ROC AUC, and the predictions"
                    + " (score >= threshold) when there is no --prediction.")
    String score;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Scores at or above T are predicted positive (default 0.5; needs --score).")
    Double threshold;

    @Option(names = "--positive", paramLabel = "VALUE",
            description = "Label value of the positive class; optional for 0/1, false/true, no/yes labels.")
    String positive;

    @Option(names = "--one-vs-rest",
            description = "For labels with more than two values: audit each class against the rest.")
    boolean oneVsRest;

    @Option(names = "--group", split = ",", paramLabel = "COL",
            description = "Group column(s) (required); with several, each alone and every pair's intersection.")
    List<String> groups = List.of();

    @Option(names = "--reference", split = ",", paramLabel = "GROUP",
            description = "Reference group(s), as VALUE or COLUMN=VALUE (default: each column's largest group).")
    List<String> references = List.of();

    @Option(names = "--ratio-bounds", paramLabel = "LO,HI", defaultValue = "0.8,1.25", split = ",",
            description = "Flag a group whose rate divided by the reference's lies outside [LO, HI]"
                    + " (default: ${DEFAULT-VALUE}, the four-fifths rule).")
    List<Double> ratioBounds;

    @Option(names = "--max-interval-width", paramLabel = "W", defaultValue = "0.2",
            description = "Mark rates whose 95%% interval is wider than W as too small to judge"
                    + " (default: ${DEFAULT-VALUE}).")
    double maxIntervalWidth;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, md, html or json (default: from the -o extension, else table).")
    ReportFormat format;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV field separator (default: '${DEFAULT-VALUE}'; 'tab' for tab).")
    String delimiter;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the report here (atomically) instead of to standard output; never over the input.")
    Path output;

    @Option(names = "--max-groups", paramLabel = "N",
            description = "Table, md and html list per grouping the reference and the N-1 groups with the largest"
                    + " disparities, and say how many more there are; 0 lists all; json always has all"
                    + " (default: " + ReportLimits.DEFAULT_MAX_GROUPS + ", or $" + ReportLimits.MAX_GROUPS_ENV + ").")
    Integer maxGroups;

    @Override
    public Integer call() throws Exception {
        try {
            return audit();
        } catch (SettingException e) {
            // Cleaned as below; the setting's key stays, so the option is named in front of the message.
            throw new SettingException(e.key(), DisplayText.clean(e.detail()) + otherOptionHint(e.key()));
        } catch (InvalidInputException e) {
            // Messages quote column names and values from the file: keep escape sequences off the terminal.
            throw new InvalidInputException(DisplayText.clean(e.getMessage()), e);
        }
    }

    /**
     * The library names the one setting a problem is about; where another option of this command is the
     * other way out, say it too.
     */
    private static String otherOptionHint(String key) {
        return switch (key) {
            case "prediction" -> " (--score COL, with --threshold T)";
            case "positive" -> ", or audit each class against the rest with --one-vs-rest";
            default -> "";
        };
    }

    private int audit() throws IOException {
        ReportFormat reportFormat = format != null ? format
                : output != null ? ReportFormat.forFileName(output.getFileName().toString()) : ReportFormat.TABLE;
        AuditOptions options = options();
        CsvAuditReader.Builder reader = CsvAuditReader.builder()
                .setLabelColumn(label)
                .optDelimiter(delimiterChar());
        if (prediction != null) {
            reader.optPredictionColumn(prediction);
        }
        if (score != null) {
            reader.optScoreColumn(score);
        }
        if (threshold != null) {
            reader.optThreshold(threshold);
        }
        groups.forEach(g -> reader.addGroupColumn(g.strip()));
        CsvAuditReader csv = reader.build();
        ReportLimits limits = maxGroups != null ? new ReportLimits(maxGroups) : ReportLimits.fromEnvironment();
        InputFiles.requireRegularFile("CSV file", file);
        if (output != null) {
            // Before the work, not after it: a bad output location fails in a second, not after the audit.
            OutputLocation.checkFile("report", output, file);
        }
        AuditInput input = csv.read(file);
        AuditReport report = BiasAudit.run(input, options);
        if (output != null) {
            try {
                AtomicFiles.write(output, out -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    reportFormat.write(report, limits, writer);
                    writer.flush();
                });
            } catch (IOException e) {
                // Name the report, not the temporary file the failure happened on.
                throw new InvalidInputException("cannot write " + output + ": " + reason(e), e);
            }
            spec.commandLine().getErr().println("atelier: wrote " + reportFormat.formatName() + " report to "
                    + output + " (" + report.flags().size() + (report.flags().size() == 1 ? " flag)" : " flags)"));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            reportFormat.write(report, limits, out);
            out.flush();
        }
        return 0;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private AuditOptions options() {
        // picocli converted each number (finite, or a one-line usage error); the count is checked here
        if (ratioBounds.size() != 2) {
            throw new InvalidInputException("--ratio-bounds takes two numbers LO,HI (e.g. 0.8,1.25), got "
                    + ratioBounds.size());
        }
        double lo = ratioBounds.get(0);
        double hi = ratioBounds.get(1);
        AuditOptions.Builder b = AuditOptions.builder()
                .optOneVsRest(oneVsRest)
                .optRatioBounds(lo, hi)
                .optMaxIntervalWidth(maxIntervalWidth);
        if (positive != null) {
            b.optPositiveClass(positive);
        }
        references.forEach(b::optReference);
        return b.build();
    }

    private char delimiterChar() {
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new InvalidInputException("--delimiter takes one character (or 'tab'), got '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }
}
