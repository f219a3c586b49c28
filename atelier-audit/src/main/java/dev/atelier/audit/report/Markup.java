package dev.atelier.audit.report;

/** Escaping for text placed in HTML or SVG, where group names come straight from user data. */
final class Markup {
    private Markup() {}

    /**
     * {@code text} safe inside an element or a double-quoted attribute, {@linkplain DisplayText#clean
     * cleaned} of control characters (which HTML and SVG do not allow) on the way.
     */
    static String escape(String raw) {
        String text = DisplayText.clean(raw);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
