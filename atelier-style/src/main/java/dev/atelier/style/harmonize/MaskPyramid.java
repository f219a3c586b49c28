package dev.atelier.style.harmonize;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggLayer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pixel mask carried through the network as the paper does: averaged over each 3x3 convolution's window
 * (so a cell's weight is the share of its receptive field that lies in the mask) and halved at each
 * pooling by 2x2 averaging; ReLU and batch norm leave it as it is. Sizes follow VGG's exactly (pooling
 * floors odd sizes), so every layer's mask has its activation's shape.
 */
public final class MaskPyramid {
    private MaskPyramid() {}

    /**
     * The mask at every layer of {@code network} up to and including {@code deepest}.
     *
     * @param pixels the mask at the input's resolution, {@code height * width} weights
     */
    public static Map<String, LayerMask> build(VggArchitecture network, String deepest, float[] pixels, int width,
            int height) {
        int last = network.layer(deepest).index();
        Map<String, LayerMask> out = new LinkedHashMap<>();
        float[] m = pixels.clone();
        int w = width;
        int h = height;
        for (VggLayer layer : network.layers()) {
            if (layer.index() > last) {
                break;
            }
            switch (layer.kind()) {
                case CONV -> m = boxAverage3x3(m, w, h);
                case POOL -> {
                    m = halve(m, w, h);
                    w /= 2;
                    h /= 2;
                }
                default -> { }
            }
            out.put(layer.name(), new LayerMask(w, h, m.clone()));
        }
        return out;
    }

    /** The mean over each cell's 3x3 neighbourhood, counting only cells inside the map (zero padding is not mask). */
    static float[] boxAverage3x3(float[] m, int w, int h) {
        float[] out = new float[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            s += m[yy * w + xx];
                            n++;
                        }
                    }
                }
                out[y * w + x] = (float) (s / n);
            }
        }
        return out;
    }

    /** 2x2 averaging with stride 2, flooring odd sizes like VGG's pooling. */
    static float[] halve(float[] m, int w, int h) {
        int w2 = w / 2;
        int h2 = h / 2;
        if (w2 < 1 || h2 < 1) {
            throw new IllegalArgumentException("a " + w + "x" + h + " mask cannot be pooled");
        }
        float[] out = new float[w2 * h2];
        for (int y = 0; y < h2; y++) {
            for (int x = 0; x < w2; x++) {
                int i = 2 * y * w + 2 * x;
                out[y * w2 + x] = (m[i] + m[i + 1] + m[i + w] + m[i + w + 1]) / 4f;
            }
        }
        return out;
    }
}
