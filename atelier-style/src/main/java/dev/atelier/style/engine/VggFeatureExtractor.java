package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggLayer;
import dev.atelier.style.loss.FeatureExtractor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link VggFeatures} network seen through layer names, as the losses see networks. */
public final class VggFeatureExtractor implements FeatureExtractor {
    private final VggFeatures vgg;
    private final FeaturePrecision precision;

    /** {@code vgg} in float32: exact, what judges and metrics use. */
    public VggFeatureExtractor(VggFeatures vgg) {
        this(vgg, FeaturePrecision.FP32);
    }

    /** {@code vgg} computing in {@code precision}; activations and gradients reach the caller in float32. */
    public VggFeatureExtractor(VggFeatures vgg, FeaturePrecision precision) {
        this.vgg = vgg;
        this.precision = precision;
    }

    @Override
    public List<String> layerNames() {
        return vgg.architecture().layers().stream().map(VggLayer::name).toList();
    }

    @Override
    public Map<String, NDArray> extract(NDArray images, Collection<String> layers) {
        List<VggLayer> resolved = new ArrayList<>();
        for (String l : layers) {
            resolved.add(vgg.architecture().layer(l));
        }
        Map<VggLayer, NDArray> raw = vgg.extract(images, resolved, precision);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String l : layers) {
            out.put(l, raw.get(vgg.architecture().layer(l)));
        }
        return out;
    }
}
