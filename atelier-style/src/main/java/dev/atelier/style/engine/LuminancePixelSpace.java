package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.color.Yiq;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Luminance-only transfer (Gatys et al. 2016) with a strength s: the variables are the image in YIQ; the
 * network sees Y with its chroma scaled by (1 − s), so at s = 1 it optimises a luminance image against a
 * luminance style, and the written image takes s of the content's chroma and (1 − s) of its own. At s = 1
 * the written picture has exactly the content's chroma.
 */
final class LuminancePixelSpace implements PixelSpace {
    private final double strength;
    private final List<RgbImage> contents;
    private final double[][] toRgb = Yiq.toRgbMatrix();

    /**
     * @param strength how much of the content's colour the output keeps, 0 to 1
     * @param contents the content images at this scale, one per batch item
     */
    LuminancePixelSpace(double strength, List<RgbImage> contents) {
        this.strength = strength;
        this.contents = List.copyOf(contents);
    }

    @Override
    public NDArray variables(NDManager manager, List<RgbImage> images) {
        List<RgbImage> yiq = new ArrayList<>();
        for (RgbImage im : images) {
            yiq.add(new RgbImage(im.width(), im.height(), Yiq.fromRgb(im.pixels())));
        }
        return fromPlanes(manager, yiq);
    }

    @Override
    public List<RgbImage> planes(NDArray variables) {
        return RgbPixelSpace.split(variables.toFloatArray(), variables.getShape());
    }

    @Override
    public NDArray fromPlanes(NDManager manager, List<RgbImage> planes) {
        return RgbPixelSpace.stack(manager, planes);
    }

    @Override
    public NDArray toNetwork(NDArray variables) {
        NDArray y = variables.get(":, 0:1");
        NDArray chroma;
        try (NDArray keep = OwnedArrays.scalar(variables, 1 - strength)) {
            chroma = variables.get(":, 1:3").mul(keep);
        }
        NDArray rgb = rgb(y.concat(chroma, 1)).clip(0, 1);
        return normalise(rgb);
    }

    @Override
    public List<RgbImage> output(NDArray variables) {
        List<RgbImage> out = new ArrayList<>();
        List<RgbImage> own = planes(variables);
        for (int i = 0; i < own.size(); i++) {
            float[] z = own.get(i).pixels();
            float[] c = Yiq.fromRgb(contents.get(i).pixels());
            int plane = z.length / 3;
            float[] mixed = z.clone();
            for (int k = plane; k < 3 * plane; k++) {
                mixed[k] = (float) (strength * c[k] + (1 - strength) * z[k]);
            }
            float[] rgb = Yiq.toRgb(mixed);
            for (int k = 0; k < rgb.length; k++) {
                rgb[k] = Math.max(0f, Math.min(1f, rgb[k]));
            }
            out.add(new RgbImage(own.get(i).width(), own.get(i).height(), rgb));
        }
        return out;
    }

    @Override
    public RgbImage networkView(RgbImage image) {
        float[] z = Yiq.fromRgb(image.pixels());
        int plane = z.length / 3;
        for (int k = plane; k < 3 * plane; k++) {
            z[k] *= (float) (1 - strength);
        }
        float[] rgb = Yiq.toRgb(z);
        for (int k = 0; k < rgb.length; k++) {
            rgb[k] = Math.max(0f, Math.min(1f, rgb[k]));
        }
        return new RgbImage(image.width(), image.height(), rgb);
    }

    /** YIQ planes (N, 3, H, W) to RGB, differentiably. */
    private NDArray rgb(NDArray yiq) {
        NDList channels = new NDList();
        NDArray[] parts = {yiq.get(":, 0:1"), yiq.get(":, 1:2"), yiq.get(":, 2:3")};
        for (int c = 0; c < 3; c++) {
            NDArray sum = null;
            for (int k = 0; k < 3; k++) {
                try (NDArray factor = OwnedArrays.scalar(yiq, toRgb[c][k])) {
                    NDArray term = parts[k].mul(factor);
                    sum = sum == null ? term : sum.add(term);
                }
            }
            channels.add(sum);
        }
        return NDArrays.concat(channels, 1);
    }

    /** RGB (N, 3, H, W) in [0, 1] to ImageNet-normalised. */
    private static NDArray normalise(NDArray rgb) {
        return dev.atelier.core.image.ImageNetNormalization.normalize(rgb);
    }

}
