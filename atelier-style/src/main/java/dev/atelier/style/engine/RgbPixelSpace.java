package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The variables are the ImageNet-normalised pixels (the lesson's choice: well scaled for the optimiser);
 * the network sees them clamped to the displayable range, so the loss the optimiser reports is the loss
 * of the picture that gets written (up to 8-bit rounding).
 */
final class RgbPixelSpace implements PixelSpace {
    private static final float[] MEAN = ImageNetNormalization.MEAN;
    private static final float[] STD = ImageNetNormalization.STD;

    @Override
    public NDArray variables(NDManager manager, List<RgbImage> images) {
        return normalised(manager, images);
    }

    /** RGB images in [0, 1] as one ImageNet-normalised float32 batch (N, 3, H, W): what VGG takes. */
    static NDArray normalised(NDManager manager, List<RgbImage> images) {
        try (NDArray pixels = stack(manager, images)) {
            return ImageNetNormalization.normalize(pixels);
        }
    }

    @Override
    public List<RgbImage> planes(NDArray variables) {
        return split(variables.toFloatArray(), variables.getShape());
    }

    @Override
    public NDArray fromPlanes(NDManager manager, List<RgbImage> planes) {
        return stack(manager, planes);
    }

    /** Planes as one (N, 3, H, W) tensor, values as they are. */
    static NDArray stack(NDManager manager, List<RgbImage> planes) {
        RgbImage first = planes.get(0);
        int plane = 3 * first.width() * first.height();
        float[] all = new float[plane * planes.size()];
        for (int i = 0; i < planes.size(); i++) {
            System.arraycopy(planes.get(i).pixels(), 0, all, i * plane, plane);
        }
        return OwnedArrays.of(manager, all, new Shape(planes.size(), 3, first.height(), first.width()));
    }

    @Override
    public NDArray toNetwork(NDArray variables) {
        NDManager m = variables.getManager();
        float[] lo = new float[3];
        float[] hi = new float[3];
        for (int c = 0; c < 3; c++) {
            lo[c] = -MEAN[c] / STD[c];
            hi[c] = (1 - MEAN[c]) / STD[c];
        }
        try (NDArray low = OwnedArrays.of(m, lo, new Shape(1, 3, 1, 1));
                NDArray high = OwnedArrays.of(m, hi, new Shape(1, 3, 1, 1));
                NDArray floored = variables.maximum(low)) {
            return floored.minimum(high);
        }
    }

    @Override
    public List<RgbImage> output(NDArray variables) {
        try (NDManager scope = variables.getManager().newSubManager()) {
            NDArray px = variables.mul(OwnedArrays.of(scope, STD, new Shape(1, 3, 1, 1)));
            px.attach(scope);
            NDArray rgb = px.add(OwnedArrays.of(scope, MEAN, new Shape(1, 3, 1, 1))).clip(0, 1);

            return split(rgb.toFloatArray(), variables.getShape());
        }
    }

    @Override
    public RgbImage networkView(RgbImage image) {
        return image;
    }

    /** A flat (N, 3, H, W) float array as N images. */
    static List<RgbImage> split(float[] all, Shape s) {
        int n = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int plane = 3 * w * h;
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] p = new float[plane];
            System.arraycopy(all, i * plane, p, 0, plane);
            out.add(new RgbImage(w, h, p));
        }
        return out;
    }
}
