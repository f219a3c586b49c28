package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggLayer;
import dev.atelier.style.loss.LossNormalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named set of defaults for every choice the engine makes; each can be overridden on its own.
 */
public enum StyleRecipe {
    /**
     * Gatys, Ecker &amp; Bethge (2016): VGG19 with average pooling, content at relu4_2, style at
     * relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 weighted equally, relative loss normalisation.
     */
    GATYS(VggArchitecture.VGG19, PoolingMode.AVERAGE, LossNormalization.RELATIVE, 1.0, 10.0, 0.0) {
        @Override
        public List<String> contentLayers(VggArchitecture net) {
            return List.of("relu4_2");
        }

        @Override
        public Map<String, Double> styleLayers(VggArchitecture net) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String l : List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")) {
                m.put(l, 1.0);
            }
            return m;
        }
    },
    /**
     * The lesson's notebook: VGG16-BN with max pooling, style at the layer before each max-pool
     * ({@code block_ends}: 5, 12, 22, 32, 42), content at the fourth of them, and the lesson's fixed
     * scaling (Gram ×1e6, content MSE ×1e6).
     */
    LESSON13(VggArchitecture.VGG16_BN, PoolingMode.MAX, LossNormalization.LESSON13, 1.0, 1.0, 0.0) {
        @Override
        public List<String> contentLayers(VggArchitecture net) {
            List<VggLayer> ends = net.blockEnds();
            return List.of(ends.get(Math.min(3, ends.size() - 1)).name());
        }

        @Override
        public Map<String, Double> styleLayers(VggArchitecture net) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (VggLayer l : net.blockEnds()) {
                m.put(l.name(), 1.0);
            }
            return m;
        }
    };

    private final VggArchitecture network;
    private final PoolingMode pooling;
    private final LossNormalization normalization;
    private final double contentWeight;
    private final double styleWeight;
    private final double tvWeight;

    StyleRecipe(VggArchitecture network, PoolingMode pooling, LossNormalization normalization,
            double contentWeight, double styleWeight, double tvWeight) {
        this.network = network;
        this.pooling = pooling;
        this.normalization = normalization;
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        this.tvWeight = tvWeight;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public VggArchitecture network() {
        return network;
    }

    public PoolingMode pooling() {
        return pooling;
    }

    public LossNormalization normalization() {
        return normalization;
    }

    public double contentWeight() {
        return contentWeight;
    }

    public double styleWeight() {
        return styleWeight;
    }

    public double tvWeight() {
        return tvWeight;
    }

    /** The recipe's content layers, for {@code net} (which may differ from the recipe's own network). */
    public abstract List<String> contentLayers(VggArchitecture net);

    /** The recipe's style layers and their weights, for {@code net}. */
    public abstract Map<String, Double> styleLayers(VggArchitecture net);

    public static StyleRecipe parse(String text) {
        for (StyleRecipe r : values()) {
            if (r.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new InvalidInputException("unknown recipe '" + text + "'; use gatys or lesson13");
    }
}
