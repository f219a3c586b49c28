package dev.atelier.style.harmonize;

/** A separable Gaussian blur of one float plane, edges clamped, kernel cut at 3 sigma and normalised. */
final class GaussianBlur {
    private GaussianBlur() {}

    static float[] blur(float[] plane, int w, int h, double sigma) {
        return blur(plane, w, h, Math.max(1, (int) Math.ceil(3 * sigma)), sigma);
    }

    /**
     * The blur with a kernel of {@code 2r+1} taps, as MATLAB's {@code fspecial('gaussian', [2r+1 2r+1], sigma)}
     * (the normalised 2-D kernel is the product of two normalised 1-D ones), edges clamped.
     */
    static float[] blur(float[] plane, int w, int h, int r, double sigma) {
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] across = new float[plane.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * plane[y * w + Math.max(0, Math.min(w - 1, x + i))];
                }
                across[y * w + x] = (float) s;
            }
        }
        float[] out = new float[plane.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * across[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                }
                out[y * w + x] = (float) s;
            }
        }
        return out;
    }
}
