package dev.atelier.core.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells which torchvision VGG a state_dict's {@code features.*} tensors belong to, from the layer
 * indices of its convolutions and their output channels: torchvision numbers the layers of
 * {@code model.features} consecutively, so each variant has a distinct index pattern (batch-norm
 * layers shift every later index).
 */
public final class ArchitectureDetector {
    /** What {@link #infer} returns when no known layout matches. */
    public static final String UNKNOWN = "unknown";

    private static final int M = -1; // max-pool
    private static final Map<String, int[]> CONFIGS = Map.of(
            "vgg16", new int[] {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M},
            "vgg19", new int[] {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M});

    private ArchitectureDetector() {}

    /** {@code vgg16}, {@code vgg16_bn}, {@code vgg19}, {@code vgg19_bn}, or {@link #UNKNOWN}. */
    public static String infer(StateDict stateDict) {
        Map<Integer, Long> convOut = new TreeMap<>();
        boolean batchNorm = false;
        for (Map.Entry<String, TensorData> e : stateDict.asMap().entrySet()) {
            String[] parts = e.getKey().split("\\.");
            if (parts.length != 3 || !parts[0].equals("features") || !parts[1].matches("\\d{1,9}")) {
                continue;
            }
            long[] shape = e.getValue().shape();
            if (parts[2].equals("weight") && shape.length == 4) {
                convOut.put(Integer.parseInt(parts[1]), shape[0]);
            }
            batchNorm |= parts[2].equals("running_mean");
        }
        for (Map.Entry<String, int[]> c : CONFIGS.entrySet()) {
            if (convOut.equals(layout(c.getValue(), batchNorm))) {
                return c.getKey() + (batchNorm ? "_bn" : "");
            }
        }
        return UNKNOWN;
    }

    /** Layer index → output channels of each convolution, as torchvision's make_layers numbers them. */
    private static Map<Integer, Long> layout(int[] config, boolean batchNorm) {
        Map<Integer, Long> out = new TreeMap<>();
        int index = 0;
        for (int v : config) {
            if (v == M) {
                index += 1;
            } else {
                out.put(index, (long) v);
                index += batchNorm ? 3 : 2;
            }
        }
        return out;
    }

    /** The architectures {@link #infer} can recognise. */
    public static List<String> known() {
        List<String> names = new ArrayList<>();
        for (String base : new TreeMap<>(CONFIGS).keySet()) {
            names.add(base);
            names.add(base + "_bn");
        }
        return names;
    }
}
