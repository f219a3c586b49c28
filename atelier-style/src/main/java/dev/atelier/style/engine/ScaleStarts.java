package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.SettingException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.style.image.BicubicResize;
import dev.atelier.style.image.MedianNoise;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each scale's optimisation starts: the coarsest from the run's start image (the content, noise or a
 * file), every other from what the scale before it handed over, upsampled (bicubic).
 */
final class ScaleStarts {
    private final StyleTransferSettings settings;

    /** @param settings the run's start image, mode and seed */
    ScaleStarts(StyleTransferSettings settings) {
        this.settings = settings;
    }

    /**
     * The variables a scale of {@code width x height} starts from.
     *
     * @param handOver what the previous scale handed over ({@link #handOver}), or null at the first scale
     * @param contents the content images at this scale (empty in style mode)
     * @param batch the images optimised together
     */
    NDArray start(List<RgbImage> handOver, PixelSpace space, NDManager manager, List<RgbImage> contents, int batch,
            int width, int height) {
        return handOver == null ? space.variables(manager, startImages(contents, batch, width, height))
                : space.fromPlanes(manager, upsampled(handOver, space, contents, width, height));
    }

    /**
     * What a finished scale hands to the next. Painting over the photo, it is the change the scale made to the
     * photo, so that the next scale starts from its own sharper photo plus that change upsampled: upsampling the
     * whole picture would blur the photo's detail, which the deep content layers notice at once. Otherwise it is
     * the picture itself.
     *
     * @param planes the finished scale's variables as planes ({@link PixelSpace#planes})
     */
    List<RgbImage> handOver(List<RgbImage> planes, PixelSpace space, List<RgbImage> contents) {
        if (!paintsOverContent()) {
            return planes;
        }
        List<RgbImage> base = contentPlanes(space, contents);
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            out.add(difference(planes.get(i), base.get(i), -1));
        }
        return out;
    }

    /** The planes a scale starts from, given {@link #handOver}'s hand-over. */
    private List<RgbImage> upsampled(List<RgbImage> handOver, PixelSpace space, List<RgbImage> contents, int width,
            int height) {
        List<RgbImage> out = new ArrayList<>();
        List<RgbImage> base = paintsOverContent() ? contentPlanes(space, contents) : null;
        for (int i = 0; i < handOver.size(); i++) {
            RgbImage up = BicubicResize.resize(handOver.get(i), width, height);
            out.add(base == null ? up : difference(base.get(i), up, 1));
        }
        return out;
    }

    private boolean paintsOverContent() {
        return settings.mode().usesContent() && settings.start() instanceof StartImage.Content;
    }

    private static List<RgbImage> contentPlanes(PixelSpace space, List<RgbImage> contents) {
        try (NDManager m = ActiveDevice.newManager()) {
            return space.planes(space.variables(m, contents));
        }
    }

    /** a + sign·b, plane by plane. */
    private static RgbImage difference(RgbImage a, RgbImage b, int sign) {
        float[] out = new float[a.pixels().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.pixels()[k] + sign * b.pixels()[k];
        }
        return new RgbImage(a.width(), a.height(), out);
    }

    /** The first scale's images, one per batch item. */
    private List<RgbImage> startImages(List<RgbImage> contents, int batch, int width, int height) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            RgbImage s;
            if (settings.start() instanceof StartImage.Content) {
                if (contents.isEmpty()) {
                    throw new SettingException("init", "starting from the content needs a content image; "
                            + "start from noise or an image file");
                }
                s = contents.get(i);
            } else if (settings.start() instanceof StartImage.FromFile f) {
                s = RgbImage.read(f.file()).resized(width, height);
            } else {
                // every item gets the noise of a single run with this seed, so batches match single runs
                s = MedianNoise.generate(width, height, settings.seed());
            }
            out.add(s);
        }
        return out;
    }
}
