package dev.atelier.style.harmonize;

/**
 * A mask at one network layer's resolution: soft weights in [0, 1] (for the masked statistics) and the
 * positions counted as inside (for matching and histograms).
 *
 * @param width cells across
 * @param height cells down
 * @param weights {@code height * width} soft weights
 */
public record LayerMask(int width, int height, float[] weights) {
    /** A cell whose weight exceeds this is inside: a mask averaged over a few convolutions spreads thinly. */
    public static final float INSIDE = 0.1f;

    public LayerMask {
        if (width < 1 || height < 1 || weights.length != (long) width * height) {
            throw new IllegalArgumentException("a layer mask of " + width + "x" + height + " needs that many weights");
        }
    }

    /** Which cells are inside (weight above {@link #INSIDE}). */
    public boolean[] inside() {
        boolean[] in = new boolean[weights.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = weights[i] > INSIDE;
        }
        return in;
    }

    /** The soft weights where the cell is inside, zero elsewhere: the weights of the masked statistics. */
    public float[] insideWeights() {
        float[] out = new float[weights.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights[i] > INSIDE ? weights[i] : 0f;
        }
        return out;
    }

    /** How many cells are inside. */
    public int insideCount() {
        int n = 0;
        for (float v : weights) {
            if (v > INSIDE) {
                n++;
            }
        }
        return n;
    }

    /** The sum of the soft weights: the mask's area at this layer. */
    public double area() {
        double s = 0;
        for (float v : weights) {
            s += v;
        }
        return s;
    }
}
