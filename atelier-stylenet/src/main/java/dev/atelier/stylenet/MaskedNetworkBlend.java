package dev.atelier.stylenet;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines the pictures several style networks painted of one photo, pixel by pixel, by soft masks: white
 * where a network's picture applies fully, black not at all, grey partly (the masks of {@code stylize}'s
 * several styles). Each mask is area-averaged to the photo's size. Where the masks add up to more than
 * one they are divided by their sum, so overlapping networks share the pixel; where they add up to less,
 * the photo fills the rest, so where every mask is black the photo shows unpainted, as a style whose mask
 * is black leaves the picture alone in {@code stylize}. With weights m_i summing to S at a pixel:
 * {@code out = Σ m_i·net_i / max(1, S) + max(0, 1 − S)·photo}.
 */
public final class MaskedNetworkBlend {
    private final List<SoftMask> masks;

    /**
     * @param masks one per network, in the networks' order
     * @throws InvalidInputException when a mask is black everywhere (its network would paint nowhere)
     */
    public MaskedNetworkBlend(List<SoftMask> masks) {
        if (masks.isEmpty()) {
            throw new InvalidInputException("a blend of style networks needs at least one mask");
        }
        for (int i = 0; i < masks.size(); i++) {
            if (masks.get(i).coverage() <= 0) {
                throw new InvalidInputException("the mask of style network " + (i + 1)
                        + " is black everywhere: that network would paint nowhere");
            }
        }
        this.masks = List.copyOf(masks);
    }

    /** How many networks this blend combines. */
    public int size() {
        return masks.size();
    }

    /**
     * Blends {@code painted} (one picture per mask, each of the photo's size) over {@code photo}.
     *
     * @throws InvalidInputException when the counts differ, or a mask has another aspect ratio than the photo
     */
    public RgbImage blend(RgbImage photo, List<RgbImage> painted) {
        if (painted.size() != masks.size()) {
            throw new InvalidInputException("a blend of " + masks.size() + " masks got " + painted.size()
                    + " network pictures; give one mask per network");
        }
        int w = photo.width();
        int h = photo.height();
        int plane = w * h;
        List<float[]> weights = new ArrayList<>();
        for (int i = 0; i < masks.size(); i++) {
            RgbImage p = painted.get(i);
            if (p.width() != w || p.height() != h) {
                throw new InvalidInputException("network picture " + (i + 1) + " is " + p.width() + "x" + p.height()
                        + ", not the photo's " + w + "x" + h);
            }
            masks.get(i).requireAspectOf(w, h, "the mask of style network " + (i + 1));
            weights.add(masks.get(i).resized(w, h));
        }
        float[] src = photo.pixels();
        float[] out = new float[3 * plane];
        for (int k = 0; k < plane; k++) {
            double sum = 0;
            for (float[] m : weights) {
                sum += m[k];
            }
            double norm = Math.max(1, sum);
            double rest = Math.max(0, 1 - sum);
            for (int c = 0; c < 3; c++) {
                int at = c * plane + k;
                double v = rest * src[at];
                for (int i = 0; i < weights.size(); i++) {
                    v += weights.get(i)[k] / norm * painted.get(i).pixels()[at];
                }
                out[at] = (float) v;
            }
        }
        return new RgbImage(w, h, out);
    }
}
