package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** conv(3→4) relu avg-pool conv(4→6) relu, random weights: a VGG in miniature for loss tests. */
final class TinyConvNet implements FeatureExtractor {
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    TinyConvNet(NDManager manager, DataType type, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        w1 = manager.randomNormal(0, 0.5f, new Shape(4, 3, 3, 3), DataType.FLOAT32).toType(type, false);
        b1 = manager.randomNormal(0, 0.1f, new Shape(4), DataType.FLOAT32).toType(type, false);
        w2 = manager.randomNormal(0, 0.5f, new Shape(6, 4, 3, 3), DataType.FLOAT32).toType(type, false);
        b2 = manager.randomNormal(0, 0.1f, new Shape(6), DataType.FLOAT32).toType(type, false);
    }

    @Override
    public List<String> layerNames() {
        return List.of("conv1", "relu1", "pool1", "conv2", "relu2");
    }

    @Override
    public Map<String, NDArray> extract(NDArray images, Collection<String> layers) {
        Map<String, NDArray> all = new LinkedHashMap<>();
        Shape one = new Shape(1, 1);
        NDArray x = Conv2d.conv2d(images, w1, b1, one, one, one, 1).singletonOrThrow();
        all.put("conv1", x);
        x = Activation.relu(x);
        all.put("relu1", x);
        x = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
        all.put("pool1", x);
        x = Conv2d.conv2d(x, w2, b2, one, one, one, 1).singletonOrThrow();
        all.put("conv2", x);
        all.put("relu2", Activation.relu(x));
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String l : layers) {
            out.put(l, all.get(l));
        }
        return out;
    }
}
