package dev.atelier.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Colour conversion for four-channel (CMYK and YCCK) JPEGs, which print workflows produce. Java's own
 * decoder returns them in a colour space that {@link BufferedImage#getRGB} turns into wrong colours
 * (YCCK comes out cyan where it is red), silently; here the raw channels are read and converted.
 *
 * <p>Files with Adobe's APP14 marker store the ink amounts inverted (255 = no ink), in CMYK
 * (transform 0) or in YCC plus K (transform 2); files without it are taken as plain CMYK, as libjpeg
 * does. The conversion is the standard device-CMYK one ({@code R = (1 - C)(1 - K)}), without the
 * embedded ICC profile: colours are right, though not colour-managed.
 */
final class FourChannelJpeg {
    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    /** How the four channels are stored. */
    enum Encoding {
        /** No Adobe marker: C, M, Y, K ink amounts, 255 = full ink. */
        CMYK,
        /** Adobe transform 0: inverted C, M, Y, K (255 = no ink). */
        ADOBE_CMYK,
        /** Adobe transform 2: Y, Cb, Cr of the inverted C, M, Y, then inverted K. */
        ADOBE_YCCK
    }

    private FourChannelJpeg() {}

    /** The encoding of image 0 if {@code reader} holds a four-channel JPEG, else null. */
    static Encoding encodingOf(ImageReader reader) throws IOException {
        if (!reader.getFormatName().equalsIgnoreCase("jpeg")) {
            return null;
        }
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(JPEG_METADATA)) {
            return null;
        }
        Node root = metadata.getAsTree(JPEG_METADATA);
        Node sof = find(root, "sof");
        if (sof == null || !"4".equals(attribute(sof, "numFrameComponents"))) {
            return null;
        }
        Node adobe = find(root, "app14Adobe");
        if (adobe == null) {
            return Encoding.CMYK;
        }
        return "2".equals(attribute(adobe, "transform")) ? Encoding.ADOBE_YCCK : Encoding.ADOBE_CMYK;
    }

    /** Decodes image 0 of {@code reader}, a four-channel JPEG stored as {@code encoding}, to RGB. */
    static BufferedImage read(ImageReader reader, Encoding encoding) throws IOException {
        // readRaster gives the stored channels without the decoder's colour conversion
        Raster raster = reader.readRaster(0, null);
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[4 * w];
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                rgb[x] = toRgb(encoding, row[4 * x], row[4 * x + 1], row[4 * x + 2], row[4 * x + 3]);
            }
            out.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return out;
    }

    /** One pixel's four stored channels as packed RGB. */
    static int toRgb(Encoding encoding, int a, int b, int c, int d) {
        // "light" values: 255 = no ink of that colour, i.e. the inverted C, M, Y and K
        int lc;
        int lm;
        int ly;
        int lk;
        switch (encoding) {
            case CMYK -> {
                lc = 255 - a;
                lm = 255 - b;
                ly = 255 - c;
                lk = 255 - d;
            }
            case ADOBE_CMYK -> {
                lc = a;
                lm = b;
                ly = c;
                lk = d;
            }
            default -> {
                // JFIF YCbCr to RGB, applied to Y, Cb, Cr of the inverted C, M, Y
                double cb = b - 128.0;
                double cr = c - 128.0;
                lc = clamp(a + 1.402 * cr);
                lm = clamp(a - 0.344136 * cb - 0.714136 * cr);
                ly = clamp(a + 1.772 * cb);
                lk = d;
            }
        }
        int r = (lc * lk + 127) / 255;
        int g = (lm * lk + 127) / 255;
        int bl = (ly * lk + 127) / 255;
        return (r << 16) | (g << 8) | bl;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static Node find(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node found = find(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        NamedNodeMap attributes = node.getAttributes();
        Node a = attributes == null ? null : attributes.getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }
}
