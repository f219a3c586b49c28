package dev.atelier.audit.report;

import java.util.ArrayList;
import java.util.List;

/** A table of text cells, written either aligned for a terminal or as a Markdown pipe table. */
public final class TextTable {
    private final List<String> header;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers; the first column is left-aligned, the rest right-aligned. */
    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
        this.rightAligned = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rightAligned.add(i > 0);
        }
    }

    /** Adds a row; it must have one cell per column. */
    public TextTable addRow(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /**
     * Columns padded to line up in a monospaced terminal, two spaces apart, under a rule. Cells are
     * {@linkplain DisplayText#clean cleaned} of control characters and escape sequences first.
     */
    public String aligned(String indent) {
        List<String> head = header.stream().map(DisplayText::clean).toList();
        List<List<String>> body = rows.stream().map(r -> r.stream().map(DisplayText::clean).toList()).toList();
        int[] widths = new int[head.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(head.get(c));
            for (List<String> row : body) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, indent, head, widths);
        out.append(indent);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.append('\n');
        for (List<String> row : body) {
            appendLine(out, indent, row, widths);
        }
        return out.toString();
    }

    /**
     * A GitHub-flavoured Markdown table. Cells are literal text: pipes, HTML, emphasis, links and
     * line breaks in them are {@linkplain MarkdownText#escape escaped}.
     */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header.stream().map(MarkdownText::escape).toList())).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            out.append(rightAligned.get(c) ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(MarkdownText::escape).toList())).append(" |\n");
        }
        return out.toString();
    }

    private void appendLine(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - width(cell));
            line.append(c == 0 ? "" : "  ").append(rightAligned.get(c) ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** Display width: code points, so that "×" and "–" count as one column. */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
