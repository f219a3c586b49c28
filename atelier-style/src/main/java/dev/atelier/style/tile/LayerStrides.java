package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.style.loss.FeatureExtractor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each tapped layer's total downsampling factor (its stride in input pixels), found by running the network
 * once on a small probe image: whatever the network, a tile's features can then be mapped onto the whole
 * image's. Pooling is assumed to floor (as VGG's does): a layer of stride s over an image of side n has
 * {@code floor(n / s)} positions.
 */
public final class LayerStrides {
    private static final int PROBE = 128;

    private final Map<String, Integer> strides;

    private LayerStrides(Map<String, Integer> strides) {
        this.strides = Map.copyOf(strides);
    }

    /** Probes {@code network} at {@code layers} with arrays of {@code type}. */
    public static LayerStrides probe(FeatureExtractor network, Collection<String> layers, DataType type) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (NDManager m = ActiveDevice.newManager()) {
            NDArray probe = m.zeros(new Shape(1, 3, PROBE, PROBE), type);
            Map<String, NDArray> features = network.extract(probe, layers);
            for (String l : layers) {
                Shape s = features.get(l).getShape();
                long h = s.get(2);
                if (h < 1 || PROBE % h != 0 || s.get(3) != h || Integer.bitCount((int) (PROBE / h)) != 1) {
                    throw new IllegalArgumentException("layer " + l + " has no power-of-two stride (" + PROBE + " -> " + h + ")");
                }
                out.put(l, (int) (PROBE / h));
            }
        }
        return new LayerStrides(out);
    }

    /** The stride of {@code layer}. */
    public int of(String layer) {
        Integer s = strides.get(layer);
        if (s == null) {
            throw new IllegalArgumentException("layer " + layer + " was not probed");
        }
        return s;
    }

    /** The largest stride: tile boundaries must be multiples of it. */
    public int alignment() {
        return strides.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Positions along a side of {@code pixels} at {@code layer}. */
    public int positions(String layer, int pixels) {
        return pixels / of(layer);
    }
}
