package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.VggFeatureExtractor;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.MaskedGramTerm;
import dev.atelier.style.mask.SoftMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * How painted an image looks inside a mask, measured against the painting with no reference to the
 * harmoniser's own matching (so the numbers are not the optimiser grading itself):
 * <ul>
 *   <li>Gram distance at a layer: {@code |G_m(X) − G(P)|² / |G(P)|²}, the masked Gram of the image
 *       against the Gram of the whole painting;</li>
 *   <li>histogram distance: the squared 1-D optimal-transport distance between each channel's values
 *       inside the mask and the painting's values, averaged over channels and divided by the painting's
 *       mean square (the histogram loss of Risser et al. against the whole painting);</li>
 *   <li>content distance at relu4_1: {@code Σ m|F(X) − F(I)|² / Σ m|F(I)|²} against the naive composite
 *       I: how much of the object's structure moved (0 for the composite itself).</li>
 * </ul>
 */
public final class HarmonizationMetrics {
    public static final List<String> LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

    private HarmonizationMetrics() {}

    /**
     * @param mask where to measure (the loose mask at the images' size)
     * @return {"gram": {layer: d}, "histogram": {layer: d}, "content_relu4_1": d}
     */
    public static Map<String, Object> measure(VggFeatures vgg, RgbImage painting, RgbImage composite, RgbImage image,
            SoftMask mask) {
        return measureEach(vgg, painting, composite, List.of(image), mask).get(0);
    }

    /**
     * {@link #measure} of each of {@code images}, with the painting's and the composite's features extracted
     * once for all of them (the naive composite and the result of a run: three forward passes, not six).
     */
    public static List<Map<String, Object>> measureEach(VggFeatures vgg, RgbImage painting, RgbImage composite,
            List<RgbImage> images, SoftMask mask) {
        Map<String, LayerMask> pyramid = MaskPyramid.build(vgg.architecture(), "relu5_1", mask.values(),
                painting.width(), painting.height());
        VggFeatureExtractor net = new VggFeatureExtractor(vgg);
        try (NDManager manager = ActiveDevice.newManager()) {
            Map<String, NDArray> p = extract(net, painting, manager);
            Map<String, NDArray> c = extract(net, composite, manager);
            List<Map<String, Object>> out = new ArrayList<>();
            for (RgbImage image : images) {
                // the composite itself (the naive measure) has its features already
                Map<String, NDArray> x = image == composite ? c : extract(net, image, manager);
                out.add(distances(pyramid, p, c, x, manager));
            }
            return out;
        }
    }

    private static Map<String, Object> distances(Map<String, LayerMask> pyramid, Map<String, NDArray> p,
            Map<String, NDArray> c, Map<String, NDArray> x, NDManager manager) {
        Map<String, Double> gram = new LinkedHashMap<>();
        Map<String, Double> hist = new LinkedHashMap<>();
        for (String l : LAYERS) {
            LayerMask m = pyramid.get(l);
            float[] wts = m.insideWeights();
            double area = 0;
            for (float v : wts) {
                area += v;
            }
            NDArray root = OwnedArrays.of(manager, sqrt(wts), new Shape(1, 1, m.height(), m.width()));
            NDArray ones = manager.ones(new Shape(1, 1, m.height(), m.width()));
            NDArray gp = MaskedGramTerm.maskedGram(p.get(l), ones, (double) m.width() * m.height());
            NDArray gx = MaskedGramTerm.maskedGram(x.get(l), root, area);
            gram.put(l, (double) gx.sub(gp).square().sum().getFloat() / gp.square().sum().getFloat());
            hist.put(l, histogramDistance(FeatureMap.of(x.get(l)), m.inside(), FeatureMap.of(p.get(l))));
        }
        LayerMask m4 = pyramid.get("relu4_1");
        NDArray w4 = OwnedArrays.of(manager, m4.insideWeights(), new Shape(1, 1, m4.height(), m4.width()));
        double num = x.get("relu4_1").sub(c.get("relu4_1")).square().mul(w4).sum().getFloat();
        double den = c.get("relu4_1").square().mul(w4).sum().getFloat();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gram", gram);
        out.put("histogram", hist);
        out.put("content_relu4_1", num / Math.max(den, 1e-30));
        return out;
    }

    /**
     * The mean over channels of W2²(X_c inside, P_c), divided by the painting's mean square: the remapping
     * of {@link HistogramMatch} gives the optimal transport.
     */
    static double histogramDistance(FeatureMap x, boolean[] inside, FeatureMap painting) {
        boolean[] all = new boolean[painting.plane()];
        java.util.Arrays.fill(all, true);
        float[][] sorted = HistogramMatch.sortedChannels(painting, all);
        FeatureMap r = HistogramMatch.remap(x, inside, sorted);
        double d = 0;
        int n = 0;
        int plane = x.plane();
        for (int ch = 0; ch < x.channels(); ch++) {
            for (int q = 0; q < plane; q++) {
                if (inside[q]) {
                    double e = x.values()[ch * plane + q] - r.values()[ch * plane + q];
                    d += e * e;
                    n++;
                }
            }
        }
        double p2 = 0;
        for (float v : painting.values()) {
            p2 += (double) v * v;
        }
        p2 /= painting.values().length;
        return n == 0 ? 0 : d / n / Math.max(p2, 1e-30);
    }

    private static float[] sqrt(float[] w) {
        float[] r = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            r[i] = (float) Math.sqrt(w[i]);
        }
        return r;
    }

    private static Map<String, NDArray> extract(VggFeatureExtractor net, RgbImage image, NDManager manager) {
        NDArray raw = OwnedArrays.of(manager, image.pixels(), new Shape(1, 3, image.height(), image.width()));

        return net.extract(ImageNetNormalization.normalize(raw), new LinkedHashSet<>(LAYERS));
    }
}
