package dev.atelier.studio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings saved as a preset: the page's controls (what to paint left out) and the same settings as
 * {@code atelier stylize} options, so a preset can be replayed from the command line.
 */
final class Preset {
    static final String FORMAT = "atelier-preset/1";

    private Preset() {}

    static Map<String, Object> of(Controls c) {
        Controls how = new Controls(null, null, c.size(), c.maxEvals(), c.scales(), c.recipe(), c.styleWeight(),
                c.contentWeight(), c.tvWeight(), c.styleLayers(), c.colors(), c.styleScale(), c.seed(), c.previewEvery());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("controls", how);
        m.put("stylize_args", stylizeArgs(c));
        return m;
    }

    /** The {@code atelier stylize} options with the same effect (the images are given separately). */
    static List<String> stylizeArgs(Controls c) {
        List<String> a = new ArrayList<>();
        add(a, "--size", c.size() == null ? Controls.DEFAULT_SIZE : c.size());
        add(a, "--max-evals", c.maxEvals() == null ? Controls.DEFAULT_MAX_EVALS : c.maxEvals());
        add(a, "--scales", c.scales());
        add(a, "--recipe", c.recipe());
        add(a, "--style-weight", c.styleWeight());
        add(a, "--content-weight", c.contentWeight());
        add(a, "--tv-weight", c.tvWeight());
        add(a, "--style-layers", c.styleLayers() == null || c.styleLayers().isBlank() ? null : c.styleLayers());
        add(a, "--colors", c.colors());
        add(a, "--style-scale", c.styleScale());
        add(a, "--seed", c.seed());
        return a;
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value instanceof Double d ? String.format(Locale.ROOT, "%s", d) : value.toString());
        }
    }
}
