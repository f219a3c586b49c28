package dev.atelier.style.harmonize;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;

/**
 * The naive composite: the object pasted into the painting through its mask, and the mask placed where
 * the object went. This is pass 1's starting image and the reference every metric compares against.
 *
 * @param image the painting with the object pasted in
 * @param mask where the object is, at the painting's size
 */
public record Composite(RgbImage image, SoftMask mask) {
    /** The largest scaled object side accepted: checked before anything is allocated. */
    public static final int MAX_SIDE = 16384;

    /**
     * Pastes {@code object}, scaled by {@code scale}, with its top-left corner at ({@code x}, {@code y}) of
     * the painting; parts falling outside the painting are cut off.
     *
     * @param objectMask the object's mask, the object's size
     * @throws InvalidInputException when the mask's size is not the object's, the mask is empty, or no
     *     part of the masked object lands on the painting
     */
    public static Composite place(RgbImage painting, RgbImage object, SoftMask objectMask, int x, int y, double scale) {
        if (objectMask.width() != object.width() || objectMask.height() != object.height()) {
            throw new InvalidInputException("the mask is " + objectMask.width() + "x" + objectMask.height()
                    + " but the object is " + object.width() + "x" + object.height() + "; they must be the same size");
        }
        requireNotEmpty(objectMask);
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new SettingException("scale", "must be a positive number, got " + scale);
        }
        double sw = object.width() * scale;
        double sh = object.height() * scale;
        if (sw > MAX_SIDE || sh > MAX_SIDE) {
            throw new SettingException("scale", String.format(java.util.Locale.ROOT,
                    "%s makes the object %.0fx%.0f, over the %d-pixel limit", scale, sw, sh, MAX_SIDE));
        }
        int w = Math.max(1, (int) Math.round(sw));
        int h = Math.max(1, (int) Math.round(sh));
        if ((long) x >= painting.width() || (long) y >= painting.height() || (long) x + w <= 0 || (long) y + h <= 0) {
            throw new InvalidInputException("the object (" + w + "x" + h + " at " + x + "," + y
                    + ") lies outside the " + painting.width() + "x" + painting.height() + " painting");
        }
        RgbImage o = object.resized(w, h);
        float[] m = new SoftMask(object.width(), object.height(), objectMask.values()).resized(w, h);
        int pw = painting.width();
        int plane = pw * painting.height();
        float[] px = painting.pixels().clone();
        float[] mask = new float[plane];
        float[] op = o.pixels();
        int oplane = w * h;
        for (int yy = Math.max(0, y); yy < Math.min(painting.height(), y + h); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(pw, x + w); xx++) {
                int src = (yy - y) * w + (xx - x);
                int dst = yy * pw + xx;
                float a = m[src];
                mask[dst] = a;
                for (int c = 0; c < 3; c++) {
                    float v = Math.max(0f, Math.min(1f, op[c * oplane + src]));
                    px[c * plane + dst] = a * v + (1 - a) * px[c * plane + dst];
                }
            }
        }
        SoftMask placed = new SoftMask(pw, painting.height(), mask);
        if (placed.coverage() == 0) {
            throw new InvalidInputException("the masked part of the object (" + w + "x" + h + " at " + x + "," + y
                    + ") lies outside the " + pw + "x" + painting.height() + " painting");
        }
        return new Composite(new RgbImage(pw, painting.height(), px), placed);
    }

    /**
     * A composite made elsewhere, with its mask.
     *
     * @throws InvalidInputException when the composite or the mask is not the painting's size, or the mask is empty
     */
    public static Composite given(RgbImage painting, RgbImage composite, SoftMask mask) {
        if (composite.width() != painting.width() || composite.height() != painting.height()) {
            throw new InvalidInputException("the composite is " + composite.width() + "x" + composite.height()
                    + " but the painting is " + painting.width() + "x" + painting.height());
        }
        if (mask.width() != painting.width() || mask.height() != painting.height()) {
            throw new InvalidInputException("the mask is " + mask.width() + "x" + mask.height()
                    + " but the painting (and composite) is " + painting.width() + "x" + painting.height());
        }
        requireNotEmpty(mask);
        return new Composite(composite, mask);
    }

    private static void requireNotEmpty(SoftMask mask) {
        for (float v : mask.values()) {
            if (v > 0) {
                return;
            }
        }
        throw new InvalidInputException("the mask is empty (all black): paint the object's region white");
    }

    /** This composite and its mask scaled to {@code width x height} (and the painting with it, by the caller). */
    public Composite resized(int width, int height) {
        return new Composite(image.resized(width, height), new SoftMask(width, height, mask.resized(width, height)));
    }
}
