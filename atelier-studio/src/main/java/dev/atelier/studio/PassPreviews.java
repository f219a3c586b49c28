package dev.atelier.studio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A harmonization's latest image of each pass: pass 1 (robust) and pass 2 (refined), each the PNG of the
 * last scale whose pass finished, blended into the painting at that scale, with a version that counts how
 * often that pass has finished so far. Its own lock: read by requests while the worker writes.
 */
final class PassPreviews {
    /** The passes a harmonization runs at every scale. */
    static final int PASSES = 2;

    /**
     * One pass's latest image.
     *
     * @param png the image, blended into the painting at its scale
     * @param version 1 the first time the pass finished, one more each time after
     * @param scale the scale it finished at (0 = the coarsest)
     */
    record Shot(byte[] png, int version, int scale, int width, int height) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("scale", scale);
            m.put("width", width);
            m.put("height", height);
            return m;
        }
    }

    private final Shot[] shots = new Shot[PASSES];

    /** Keeps {@code png} as pass {@code pass}'s latest image, one version on; the new shot. */
    synchronized Shot put(int pass, int scale, byte[] png, int width, int height) {
        Shot old = shots[pass - 1];
        Shot s = new Shot(png, old == null ? 1 : old.version() + 1, scale, width, height);
        shots[pass - 1] = s;
        return s;
    }

    /** Pass {@code pass}'s latest image, or null before it first finished. */
    synchronized Shot get(int pass) {
        return shots[pass - 1];
    }

    /** {@code {"1": {"version": n, "scale": k, "width": w, "height": h}, "2": ...}}: the passes that have an image. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int p = 1; p <= PASSES; p++) {
            if (shots[p - 1] != null) {
                m.put(Integer.toString(p), shots[p - 1].describe());
            }
        }
        return m;
    }

    /**
     * The pass number in a path segment such as {@code 1.png}.
     *
     * @throws JobQueue.NotFound for anything but {@code 1.png} or {@code 2.png}
     */
    static int parse(String segment) {
        String t = segment.endsWith(".png") ? segment.substring(0, segment.length() - 4) : segment;
        if (t.equals("1") || t.equals("2")) {
            return Integer.parseInt(t);
        }
        throw new JobQueue.NotFound("no pass " + segment + ": a harmonization has passes 1.png and 2.png");
    }
}
