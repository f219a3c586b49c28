package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a harmonisation did what it promises, in four measured criteria on the picture as written (8-bit
 * levels), each against an independent reference rather than the optimiser's own targets (issue #22):
 * <ol>
 *   <li><b>the painting kept</b>: the largest change of any channel of any pixel outside the loose mask, in
 *       8-bit levels, at most {@value #FAR_MAX_CHANGE};</li>
 *   <li><b>the object kept</b>: inside the object's mask eroded by {@value #EROSION} px, the Pearson
 *       correlation of the Sobel edge magnitudes (of the mean of R, G, B) of the result and of the naive
 *       composite, at least {@value #EDGE_MIN};</li>
 *   <li><b>the painting's colour taken</b>: the CIELAB distance (ΔE 1976) from the result's mean colour
 *       inside the eroded mask to the painting's mean colour in a ring around the paste (from
 *       {@value #EROSION} px to {@value #EROSION} + max(12, long side / 20) px outside the mask), at most
 *       {@value #LAB_MAX_RATIO} times the naive composite's distance;</li>
 *   <li><b>the painting's texture taken</b>: the masked Gram distance to the whole painting
 *       ({@link HarmonizationMetrics}) below the naive composite's at each of relu3_1, relu4_1, relu5_1.</li>
 * </ol>
 * The object's mask at the working size is the tight mask at 0.5 or more (the tight mask is the object's
 * binary mask blurred by σ = 1 px, so 0.5 is its outline).
 *
 * @param farMaxChange criterion 1's value, in 8-bit levels
 * @param edgeCorrelation criterion 2's value (NaN when the eroded mask is empty or the object has no edges there)
 * @param labDistance the result's ΔE to the painting's colour around the paste
 * @param naiveLabDistance the naive composite's
 * @param gram per layer of {@link #GRAM_LAYERS}, the result's Gram distance
 * @param naiveGram the naive composite's
 * @param innerPixels pixels in the eroded mask
 */
public record HarmonizationCriteria(double farMaxChange, double edgeCorrelation, double labDistance,
        double naiveLabDistance, Map<String, Double> gram, Map<String, Double> naiveGram, int innerPixels) {
    public static final double FAR_MAX_CHANGE = 1;
    public static final double EDGE_MIN = 0.5;
    public static final double LAB_MAX_RATIO = 0.7;
    public static final int EROSION = 3;
    public static final List<String> GRAM_LAYERS = List.of("relu3_1", "relu4_1", "relu5_1");

    /**
     * @param painting the painting at the working size
     * @param composite the naive composite
     * @param result the final picture
     * @param masks the run's masks
     * @param naiveMetrics {@link HarmonizationMetrics#measure} of the composite
     * @param resultMetrics and of the result
     */
    @SuppressWarnings("unchecked")
    public static HarmonizationCriteria measure(RgbImage painting, RgbImage composite, RgbImage result,
            HarmonizationMasks masks, Map<String, Object> naiveMetrics, Map<String, Object> resultMetrics) {
        int w = painting.width();
        int h = painting.height();
        int plane = w * h;
        float[] loose = masks.loose().values();
        int[] p = levels(painting);
        int[] x = levels(result);
        int far = 0;
        for (int i = 0; i < plane; i++) {
            if (loose[i] == 0) {
                for (int c = 0; c < 3; c++) {
                    far = Math.max(far, Math.abs(x[c * plane + i] - p[c * plane + i]));
                }
            }
        }
        boolean[] object = objectMask(masks.tight());
        // distances in pixels to the nearest pixel outside the mask (erosion) and to the mask (the ring)
        double[] toOutside = DistanceTransform.euclidean(invert(object), w, h);
        double[] toObject = DistanceTransform.euclidean(object, w, h);
        boolean[] inner = new boolean[plane];
        boolean[] ring = new boolean[plane];
        double ringOuter = EROSION + Math.max(12, Math.max(w, h) / 20.0);
        int innerCount = 0;
        for (int i = 0; i < plane; i++) {
            inner[i] = object[i] && toOutside[i] > EROSION;
            ring[i] = !object[i] && toObject[i] > EROSION && toObject[i] <= ringOuter;
            innerCount += inner[i] ? 1 : 0;
        }
        int[] n = levels(composite);
        double edges = correlation(sobel(x, w, h), sobel(n, w, h), inner);
        double[] paintingColour = meanLab(painting, ring);
        double lab = distance(meanLab(result, inner), paintingColour);
        double naiveLab = distance(meanLab(composite, inner), paintingColour);
        Map<String, Double> gram = new LinkedHashMap<>();
        Map<String, Double> naiveGram = new LinkedHashMap<>();
        Map<String, Double> rg = (Map<String, Double>) resultMetrics.get("gram");
        Map<String, Double> ng = (Map<String, Double>) naiveMetrics.get("gram");
        for (String l : GRAM_LAYERS) {
            gram.put(l, rg.get(l));
            naiveGram.put(l, ng.get(l));
        }
        return new HarmonizationCriteria(far, edges, lab, naiveLab, gram, naiveGram, innerCount);
    }

    public boolean paintingKept() {
        return farMaxChange <= FAR_MAX_CHANGE;
    }

    public boolean objectKept() {
        return edgeCorrelation >= EDGE_MIN;
    }

    /** The result's colour distance over the naive composite's (NaN when the naive one is zero). */
    public double labRatio() {
        return naiveLabDistance > 0 ? labDistance / naiveLabDistance : Double.NaN;
    }

    public boolean colourTaken() {
        return labRatio() <= LAB_MAX_RATIO;
    }

    public boolean textureTaken() {
        for (String l : GRAM_LAYERS) {
            if (!(gram.get(l) < naiveGram.get(l))) {
                return false;
            }
        }
        return true;
    }

    public boolean allMet() {
        return paintingKept() && objectKept() && colourTaken() && textureTaken();
    }

    /** For the sidecar: each value, its bound and whether it is met. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("far_max_change_8bit", Map.of("value", farMaxChange, "at_most", FAR_MAX_CHANGE, "met", paintingKept()));
        m.put("edge_correlation", Map.of("value", finite(edgeCorrelation), "at_least", EDGE_MIN, "met", objectKept(),
                "eroded_mask_pixels", innerPixels));
        m.put("lab_distance_ratio", Map.of("value", finite(labRatio()), "at_most", LAB_MAX_RATIO, "met", colourTaken(),
                "result_delta_e", labDistance, "naive_delta_e", naiveLabDistance));
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("result", gram);
        g.put("naive_composite", naiveGram);
        g.put("met", textureTaken());
        m.put("gram_below_naive", g);
        m.put("all_met", allMet());
        return m;
    }

    /** One line for a terminal: the four values and which are met. */
    public String line() {
        StringBuilder gramPart = new StringBuilder();
        for (String l : GRAM_LAYERS) {
            gramPart.append(gramPart.length() == 0 ? "" : " ").append(String.format("%.3g<%.3g", gram.get(l),
                    naiveGram.get(l)));
        }
        return String.format("far max change %.0f %s, edge correlation %.2f %s, colour ratio %.2f %s, Gram %s %s",
                farMaxChange, mark(paintingKept()), edgeCorrelation, mark(objectKept()), labRatio(),
                mark(colourTaken()), gramPart, mark(textureTaken()));
    }

    private static String mark(boolean met) {
        return met ? "(met)" : "(NOT met)";
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : "undefined";
    }

    private static boolean[] objectMask(SoftMask tight) {
        float[] t = tight.values();
        boolean[] m = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            m[i] = t[i] >= 0.5f;
        }
        return m;
    }

    private static boolean[] invert(boolean[] m) {
        boolean[] r = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            r[i] = !m[i];
        }
        return r;
    }

    /** Each channel at the 8-bit level a PNG writer stores: round(clip(v) · 255). */
    static int[] levels(RgbImage image) {
        float[] v = image.pixels();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(Math.max(0f, Math.min(1f, v[i])) * 255f);
        }
        return out;
    }

    /** Sobel gradient magnitude of the mean of the three channels, edges clamped. */
    static double[] sobel(int[] levels, int w, int h) {
        int plane = w * h;
        double[] g = new double[plane];
        for (int i = 0; i < plane; i++) {
            g[i] = (levels[i] + levels[plane + i] + levels[2 * plane + i]) / 3.0;
        }
        double[] out = new double[plane];
        for (int y = 0; y < h; y++) {
            int ym = Math.max(0, y - 1) * w;
            int y0 = y * w;
            int yp = Math.min(h - 1, y + 1) * w;
            for (int xx = 0; xx < w; xx++) {
                int xm = Math.max(0, xx - 1);
                int xp = Math.min(w - 1, xx + 1);
                double gx = (g[ym + xp] + 2 * g[y0 + xp] + g[yp + xp]) - (g[ym + xm] + 2 * g[y0 + xm] + g[yp + xm]);
                double gy = (g[yp + xm] + 2 * g[yp + xx] + g[yp + xp]) - (g[ym + xm] + 2 * g[ym + xx] + g[ym + xp]);
                out[y0 + xx] = Math.hypot(gx, gy);
            }
        }
        return out;
    }

    /** Pearson correlation of {@code a} and {@code b} over {@code where}; NaN when either is constant there. */
    static double correlation(double[] a, double[] b, boolean[] where) {
        double sa = 0;
        double sb = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (where[i]) {
                sa += a[i];
                sb += b[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double ma = sa / n;
        double mb = sb / n;
        double cab = 0;
        double caa = 0;
        double cbb = 0;
        for (int i = 0; i < a.length; i++) {
            if (where[i]) {
                double da = a[i] - ma;
                double db = b[i] - mb;
                cab += da * db;
                caa += da * da;
                cbb += db * db;
            }
        }
        return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : Double.NaN;
    }

    private static double[] meanLab(RgbImage image, boolean[] where) {
        float[] lab = Lab.fromRgb(quantised(image));
        int plane = where.length;
        double[] mean = new double[3];
        int n = 0;
        for (int i = 0; i < plane; i++) {
            if (where[i]) {
                for (int c = 0; c < 3; c++) {
                    mean[c] += lab[c * plane + i];
                }
                n++;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] = n == 0 ? Double.NaN : mean[c] / n;
        }
        return mean;
    }

    private static RgbImage quantised(RgbImage image) {
        int[] l = levels(image);
        float[] v = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            v[i] = l[i] / 255f;
        }
        return new RgbImage(image.width(), image.height(), v);
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
}
