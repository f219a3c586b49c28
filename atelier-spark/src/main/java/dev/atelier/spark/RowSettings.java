package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.OptimizerKind;
import dev.atelier.style.engine.StyleLossKind;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings a manifest row, a sweep grid or the command line may set, by the names used in CSV
 * headers and {@code --grid} (snake case, as in the sidecar), and how they map onto
 * {@link StyleTransferSettings}. Values are text so that a row travels as plain strings.
 */
public final class RowSettings {
    /** Every key a row may set, in the order they are documented. */
    public static final List<String> KEYS = List.of("recipe", "net", "pooling", "size", "max_evals", "scales",
            "content_weight", "style_weight", "tv_weight", "style_loss", "colors", "color_strength", "optimizer", "lr",
            "seed", "style_scale", "precision");

    private static final Set<String> NUMERIC = Set.of("size", "max_evals", "content_weight", "style_weight",
            "tv_weight", "color_strength", "lr", "seed", "style_scale");

    private RowSettings() {}

    /** Whether a key's values are numbers (sweep plots put those on a numeric axis). */
    public static boolean isNumeric(String key) {
        return NUMERIC.contains(key);
    }

    /**
     * Checks that {@code key} is one of {@link #KEYS}.
     *
     * @throws InvalidInputException naming the known keys
     */
    public static String requireKnown(String key, String where) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!KEYS.contains(k)) {
            throw new InvalidInputException(where + ": unknown setting '" + key + "'; known: " + String.join(", ", KEYS));
        }
        return k;
    }

    /** Job defaults overlaid with a row's overrides: the row wins. */
    public static Map<String, String> merge(Map<String, String> defaults, Map<String, String> row) {
        Map<String, String> m = new TreeMap<>(defaults);
        m.putAll(row);
        return m;
    }

    /**
     * The settings builder for these values (unset keys keep the engine's defaults).
     *
     * @throws InvalidInputException for an unknown key or a value that is not a valid setting
     */
    public static StyleTransferSettings.Builder builder(Map<String, String> values) {
        // as on the command line: bfloat16 where the executor's processor computes it natively
        StyleTransferSettings.Builder b = StyleTransferSettings.builder().optPrecision(FeaturePrecision.auto());
        Map<String, String> v = new LinkedHashMap<>();
        values.forEach((k, x) -> v.put(requireKnown(k, "settings"), x == null ? null : x.trim()));
        v.values().removeIf(x -> x == null || x.isEmpty());
        for (Map.Entry<String, String> e : v.entrySet()) {
            String k = e.getKey();
            String x = e.getValue();
            switch (k) {
                case "recipe" -> b.optRecipe(StyleRecipe.parse(x));
                case "net" -> b.optNetwork(VggArchitecture.parse(x));
                case "pooling" -> b.optPooling(PoolingMode.parse(x));
                case "size" -> b.optSize(integer(k, x));
                case "max_evals" -> b.optMaxEvaluations(integer(k, x));
                case "scales" -> b.optScales(x);
                case "content_weight" -> b.optContentWeight(number(k, x));
                case "style_weight" -> b.optStyleWeight(number(k, x));
                case "tv_weight" -> b.optTvWeight(number(k, x));
                case "style_loss" -> b.optStyleLoss(StyleLossKind.parse(x));
                case "colors" -> b.optColorMode(ColorMode.parse(x));
                case "color_strength" -> b.optColorStrength(number(k, x));
                case "optimizer" -> b.optOptimizer(OptimizerKind.parse(x));
                case "lr" -> b.optLearningRate(number(k, x));
                case "seed" -> b.optSeed(longValue(k, x));
                case "style_scale" -> b.optStyleScale(number(k, x));
                case "precision" -> b.optPrecision(FeaturePrecision.parse(x));
                default -> throw new IllegalStateException("key listed but not mapped: " + k);
            }
        }
        return b;
    }

    private static int integer(String key, String text) {
        long v = longValue(key, text);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidInputException(key + ": " + text + " is out of range");
        }
        return (int) v;
    }

    private static long longValue(String key, String text) {
        try {
            // Parquet and CSV readers may hand integers over as "64.0"
            double d = Double.parseDouble(text);
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException(key + ": '" + text + "' is not a whole number");
    }

    private static double number(String key, String text) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + ": '" + text + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new InvalidInputException(key + ": '" + text + "' is not a finite number");
        }
        return d;
    }
}
