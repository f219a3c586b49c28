package dev.atelier.style.harmonize;

import java.util.SplittableRandom;

/**
 * Randomized PatchMatch (Barnes, Shechtman, Finkelstein and Goldman 2009) on the CPU: for every k×k patch
 * of a source image, an approximately nearest k×k patch of a target image under the sum of squared
 * differences over the patch's pixels and channels.
 *
 * <p>As the authors' {@code nnmex} (PatchMatch 2.0, which {@code filt_cnn_artifact.m} calls): a patch is
 * named by its upper-left pixel, so a {@code w x h} image has {@code (w − k + 1) x (h − k + 1)} patches;
 * the field starts uniformly at random; each iteration scans the patches in raster order (odd iterations
 * in reverse), takes the left and upper neighbours' matches shifted by one (right and lower neighbours in
 * reverse scans) when they are closer, then tries one random patch in windows of half-width
 * {@code max(tw, th)}, halving down to 1, around the best match so far; a patch already matched at
 * distance 0 is left alone. Unlike {@code nnmex} the random search may land on the target's last row and
 * column of patches (theirs stops one short) and neighbours on the source's last row and column
 * propagate too; the scan is sequential and the random numbers come from one seeded generator, so a seed
 * gives one field.
 *
 * <p>Images are channel planes ({@code c·plane + y·w + x}, as {@code RgbImage}). Cost: about
 * {@code iterations · patches · (2 + log2 max(tw, th)) · k² · c} multiply-adds, less with the early exit of
 * each distance once it exceeds the best so far.
 */
public final class PatchMatch {
    private PatchMatch() {}

    /**
     * A nearest-neighbour field over the source's patches.
     *
     * @param width source patches across, {@code sw − k + 1}
     * @param height source patches down, {@code sh − k + 1}
     * @param patch k
     * @param x the matched target patch's left column, per source patch (row-major)
     * @param y the matched target patch's top row
     * @param distance the squared distance of each match
     * @param active which source patches were matched (all, unless a mask was given); the others hold -1
     */
    public record Field(int width, int height, int patch, int[] x, int[] y, double[] distance, boolean[] active) {
        public int index(int px, int py) {
            return py * width + px;
        }
    }

    /**
     * Matches every source patch (or, with {@code sourceMask}, every patch that covers a pixel of it).
     *
     * @param source {@code channels} planes of {@code sw x sh}
     * @param target {@code channels} planes of {@code tw x th}
     * @param patch the patch width k (both images at least k a side)
     * @param sourceMask per source pixel, or null for all: only patches covering a true pixel are matched
     * @param iterations scans of the field (the authors' default is 5)
     * @param seed the random field and search's seed
     */
    public static Field match(float[] source, int sw, int sh, float[] target, int tw, int th, int channels, int patch,
            boolean[] sourceMask, int iterations, long seed) {
        if (patch < 1 || sw < patch || sh < patch || tw < patch || th < patch) {
            throw new IllegalArgumentException("images of " + sw + "x" + sh + " and " + tw + "x" + th
                    + " are too small for " + patch + "x" + patch + " patches");
        }
        if (source.length != channels * sw * sh || target.length != channels * tw * th) {
            throw new IllegalArgumentException("the images' planes do not match their sizes");
        }
        if (sourceMask != null && sourceMask.length != sw * sh) {
            throw new IllegalArgumentException("the mask is not the source's size");
        }
        float[] a = interleave(source, sw * sh, channels);
        float[] b = interleave(target, tw * th, channels);
        int aw = sw - patch + 1;
        int ah = sh - patch + 1;
        int bw = tw - patch + 1;
        int bh = th - patch + 1;
        boolean[] active = activePatches(sourceMask, sw, sh, patch);
        int n = aw * ah;
        int[] fx = new int[n];
        int[] fy = new int[n];
        double[] fd = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        Distance dist = new Distance(a, sw, b, tw, channels, patch);
        for (int i = 0; i < n; i++) {
            if (!active[i]) {
                fx[i] = -1;
                fy[i] = -1;
                fd[i] = -1;
                continue;
            }
            fx[i] = random.nextInt(bw);
            fy[i] = random.nextInt(bh);
            fd[i] = dist.of(i % aw, i / aw, fx[i], fy[i], Double.POSITIVE_INFINITY);
        }
        int maxMag = Math.max(tw, th);
        for (int iter = 0; iter < iterations; iter++) {
            boolean forward = iter % 2 == 0;
            int step = forward ? 1 : -1;
            int ystart = forward ? 0 : ah - 1;
            int xstart = forward ? 0 : aw - 1;
            for (int y = ystart; y >= 0 && y < ah; y += step) {
                for (int x = xstart; x >= 0 && x < aw; x += step) {
                    int i = y * aw + x;
                    if (!active[i]) {
                        continue;
                    }
                    double err = fd[i];
                    if (err == 0) {
                        continue;
                    }
                    int xbest = fx[i];
                    int ybest = fy[i];
                    // propagation: the already-visited neighbour's match, shifted back by one
                    int nx = x - step;
                    if (nx >= 0 && nx < aw && active[i - step]) {
                        int xp = fx[i - step] + step;
                        int yp = fy[i - step];
                        if (xp >= 0 && xp < bw && (xp != xbest || yp != ybest)) {
                            double d = dist.of(x, y, xp, yp, err);
                            if (d < err) {
                                err = d;
                                xbest = xp;
                                ybest = yp;
                            }
                        }
                    }
                    int ny = y - step;
                    if (ny >= 0 && ny < ah && active[i - step * aw]) {
                        int xp = fx[i - step * aw];
                        int yp = fy[i - step * aw] + step;
                        if (yp >= 0 && yp < bh && (xp != xbest || yp != ybest)) {
                            double d = dist.of(x, y, xp, yp, err);
                            if (d < err) {
                                err = d;
                                xbest = xp;
                                ybest = yp;
                            }
                        }
                    }
                    // random search in shrinking windows around the best match
                    for (int mag = maxMag; mag >= 1 && err > 0; mag /= 2) {
                        int x0 = Math.max(xbest - mag, 0);
                        int x1 = Math.min(xbest + mag + 1, bw);
                        int y0 = Math.max(ybest - mag, 0);
                        int y1 = Math.min(ybest + mag + 1, bh);
                        int xp = x0 + random.nextInt(x1 - x0);
                        int yp = y0 + random.nextInt(y1 - y0);
                        if (xp == xbest && yp == ybest) {
                            continue;
                        }
                        double d = dist.of(x, y, xp, yp, err);
                        if (d < err) {
                            err = d;
                            xbest = xp;
                            ybest = yp;
                        }
                    }
                    fx[i] = xbest;
                    fy[i] = ybest;
                    fd[i] = err;
                }
            }
        }
        return new Field(aw, ah, patch, fx, fy, fd, active);
    }

    /** Patches (by upper-left pixel) whose k×k footprint holds at least one mask pixel; all when the mask is null. */
    static boolean[] activePatches(boolean[] mask, int w, int h, int k) {
        int aw = w - k + 1;
        int ah = h - k + 1;
        boolean[] active = new boolean[aw * ah];
        if (mask == null) {
            java.util.Arrays.fill(active, true);
            return active;
        }
        SummedAreaTable sat = SummedAreaTable.ofMask(mask, w, h);
        for (int y = 0; y < ah; y++) {
            for (int x = 0; x < aw; x++) {
                active[y * aw + x] = sat.sum(x, y, x + k, y + k) > 0;
            }
        }
        return active;
    }

    /** Channel planes to one interleaved array, {@code (y·w + x)·c + ch}: a patch row is then contiguous. */
    static float[] interleave(float[] planes, int plane, int channels) {
        float[] out = new float[plane * channels];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < plane; i++) {
                out[i * channels + ch] = planes[ch * plane + i];
            }
        }
        return out;
    }

    /** Patch distances over two interleaved images, stopping a sum as soon as it reaches {@code bound}. */
    private record Distance(float[] a, int aw, float[] b, int bw, int c, int k) {
        double of(int ax, int ay, int bx, int by, double bound) {
            int rowLen = k * c;
            double sum = 0;
            for (int dy = 0; dy < k; dy++) {
                int ia = ((ay + dy) * aw + ax) * c;
                int ib = ((by + dy) * bw + bx) * c;
                float row = 0;
                for (int j = 0; j < rowLen; j++) {
                    float diff = a[ia + j] - b[ib + j];
                    row += diff * diff;
                }
                sum += row;
                if (sum >= bound) {
                    return sum;
                }
            }
            return sum;
        }
    }
}
