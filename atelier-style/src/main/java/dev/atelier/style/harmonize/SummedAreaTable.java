package dev.atelier.style.harmonize;

/**
 * Sums over rectangles in constant time (Crow 1984): the table holds, for each corner, the sum of everything
 * above and left of it. Box filters (the guided filter's window means) and "does this patch touch the mask"
 * (PatchMatch's active patches) both read it.
 */
final class SummedAreaTable {
    private final int width;
    private final double[] sums;

    /** Over {@code values}, row-major {@code width x height}. */
    SummedAreaTable(double[] values, int width, int height) {
        this.width = width;
        this.sums = new double[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            double row = 0;
            for (int x = 0; x < width; x++) {
                row += values[y * width + x];
                sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + row;
            }
        }
    }

    /** Over a mask: 1 where it is set. */
    static SummedAreaTable ofMask(boolean[] mask, int width, int height) {
        double[] v = new double[mask.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = mask[i] ? 1 : 0;
        }
        return new SummedAreaTable(v, width, height);
    }

    /** The sum over columns {@code x0 ≤ x < x1} and rows {@code y0 ≤ y < y1}. */
    double sum(int x0, int y0, int x1, int y1) {
        int s = width + 1;
        return sums[y1 * s + x1] - sums[y0 * s + x1] - sums[y1 * s + x0] + sums[y0 * s + x0];
    }
}
