package dev.atelier.style.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed judge's verdict on an image: its content and style losses under a recipe's own layers,
 * weights and scaling, and their sum.
 */
public record JudgeLosses(String recipe, int width, int height, double content, double style, double total) {
    /** For JSON output and sidecars. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", recipe);
        m.put("width", width);
        m.put("height", height);
        m.put("content", content);
        m.put("style", style);
        m.put("total", total);
        return m;
    }
}
