package dev.atelier.style.loss;

/**
 * A soft mask as the masked Gram terms apply it: the square roots of its weights, which multiply the features
 * so that their Gram weights each position by m, and its area Σm, which divides that Gram.
 *
 * @param root √m per position
 * @param area Σm
 */
record RootMask(float[] root, double area) {
    /** The roots and area of {@code weights} (in [0, 1], one per position). */
    static RootMask of(float[] weights) {
        double area = 0;
        float[] root = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            area += weights[i];
            root[i] = (float) Math.sqrt(weights[i]);
        }
        return new RootMask(root, area);
    }
}
