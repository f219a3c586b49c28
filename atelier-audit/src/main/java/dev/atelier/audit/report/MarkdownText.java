package dev.atelier.audit.report;

/**
 * User data made inert inside Markdown: a group named {@code <script>alert(1)</script>} or
 * {@code [x](javascript:...)} must show as those characters, not become HTML, a link, emphasis or an
 * extra table column, and must stay on its line (see {@link DisplayText}).
 */
final class MarkdownText {
    private MarkdownText() {}

    /** {@code text} as literal Markdown inline text, safe in headings, list items and table cells. */
    static String escape(String text) {
        String clean = DisplayText.clean(text);
        StringBuilder out = new StringBuilder(clean.length() + 8);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                // "&" only starts an entity when a name or number follows: "Black & Female" stays as is.
                case '&' -> out.append(i + 1 < clean.length() && isEntityStart(clean.charAt(i + 1)) ? "&amp;" : "&");
                case '\\', '`', '*', '[', ']', '|', '~', '#', '$' -> out.append('\\').append(c);
                // GitHub never reads an underscore inside a word as emphasis: "age_band" stays readable.
                case '_' -> out.append(insideWord(clean, i) ? "_" : "\\_");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isEntityStart(char c) {
        return Character.isLetterOrDigit(c) || c == '#';
    }

    private static boolean insideWord(String s, int i) {
        return i > 0 && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
                && Character.isLetterOrDigit(s.charAt(i + 1));
    }
}
