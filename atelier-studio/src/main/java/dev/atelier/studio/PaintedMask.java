package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A mask painted with the page's brush, sent as a PNG (a {@code data:image/png;base64,} URL or plain
 * base64): white where the style goes, black where it does not. Decoded with the same care as an
 * upload: length and declared size are checked before any pixel is decoded.
 */
public final class PaintedMask {
    /** A painted mask is a small canvas; 4 MB of base64 and 4 megapixels are far more than it needs. */
    static final int MAX_BASE64_CHARS = 4 << 20;
    static final long MAX_PIXELS = 4_000_000L;

    private PaintedMask() {}

    /**
     * Decodes a painted mask.
     *
     * @param what names the mask in errors, e.g. "the mask of style 2"
     * @throws InvalidInputException when it is too large, not a PNG, damaged or empty
     */
    public static SoftMask decode(String data, String what) {
        String b64 = data.startsWith("data:") ? data.substring(data.indexOf(',') + 1) : data;
        if (b64.length() > MAX_BASE64_CHARS) {
            throw new InvalidInputException(what + " is larger than " + (MAX_BASE64_CHARS >> 20) + " MB");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + " is not valid base64");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(what + " is not a PNG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (!reader.getFormatName().equalsIgnoreCase("png")) {
                    throw new InvalidInputException(what + " is not a PNG image");
                }
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new InvalidInputException(what + " declares " + w + "x" + h + " pixels, more than "
                            + MAX_PIXELS / 1_000_000 + " MP");
                }
                SoftMask mask;
                try (DecodeBudget.Reservation heap = DecodeBudget.reserve(what, w, h)) {
                    mask = SoftMask.of(RgbImage.of(reader.read(0)));
                }
                if (mask.coverage() <= 0) {
                    throw new InvalidInputException(what + " is empty (black everywhere): that style would apply nowhere");
                }
                return mask;
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(what + " is damaged: " + e.getClass().getSimpleName());
        }
    }
}
