package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The text form of style layers and their weights: {@code relu1_1:1,relu2_1:0.5,relu3_1} (weight 1 when omitted). */
public final class StyleLayerWeights {
    private StyleLayerWeights() {}

    /**
     * Parses the text form, in order; the names are checked against a network later, by the settings.
     *
     * @throws InvalidInputException for a weight that is not a number or an empty list
     */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon).trim();
            double w = 1;
            if (colon >= 0) {
                try {
                    w = Double.parseDouble(p.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("'" + p + "' is not NAME:WEIGHT (e.g. relu1_1:0.5)");
                }
            }
            out.put(name, w);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("give at least one layer, e.g. relu1_1:1,relu2_1:1");
        }
        return out;
    }

    /** The text form of {@code weights}, as {@link #parse} reads it. */
    public static String format(Map<String, Double> weights) {
        StringBuilder b = new StringBuilder();
        weights.forEach((name, w) -> b.append(b.length() == 0 ? "" : ",").append(name).append(':')
                .append(w == Math.rint(w) && Math.abs(w) < 1e15 ? Long.toString(w.longValue()) : Double.toString(w)));
        return b.toString();
    }
}
