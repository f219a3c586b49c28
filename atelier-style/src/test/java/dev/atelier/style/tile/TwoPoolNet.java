package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.atelier.style.loss.FeatureExtractor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conv relu max-pool conv relu avg-pool conv relu with random weights: a VGG in miniature with two
 * poolings (stride 4 at relu3) and a receptive field of 18 pixels (radius 9), for tiling tests.
 */
final class TwoPoolNet implements FeatureExtractor {
    /** Half the receptive field of relu3, rounded up: a margin of at least this makes tiles exact. */
    static final int RADIUS = 9;

    private final NDArray[] weights = new NDArray[3];
    private final NDArray[] biases = new NDArray[3];

    TwoPoolNet(NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        int[][] io = {{3, 4}, {4, 6}, {6, 5}};
        for (int k = 0; k < 3; k++) {
            weights[k] = manager.randomNormal(0, 0.5f, new Shape(io[k][1], io[k][0], 3, 3), DataType.FLOAT32)
                    .toType(DataType.FLOAT64, false);
            biases[k] = manager.randomNormal(0, 0.1f, new Shape(io[k][1]), DataType.FLOAT32)
                    .toType(DataType.FLOAT64, false);
        }
    }

    @Override
    public List<String> layerNames() {
        return List.of("relu1", "relu2", "relu3");
    }

    @Override
    public Map<String, NDArray> extract(NDArray images, Collection<String> layers) {
        Map<String, NDArray> all = new LinkedHashMap<>();
        Shape one = new Shape(1, 1);
        NDArray x = Activation.relu(Conv2d.conv2d(images, weights[0], biases[0], one, one, one, 1).singletonOrThrow());
        all.put("relu1", x);
        x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        x = Activation.relu(Conv2d.conv2d(x, weights[1], biases[1], one, one, one, 1).singletonOrThrow());
        all.put("relu2", x);
        x = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
        all.put("relu3", Activation.relu(Conv2d.conv2d(x, weights[2], biases[2], one, one, one, 1).singletonOrThrow()));
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String l : layers) {
            out.put(l, all.get(l));
        }
        return out;
    }
}
