package dev.atelier.core.image;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading and writing PNG and JPEG files as 8-bit RGB images, with errors a user can act on and
 * all-or-nothing writes.
 */
public final class ImageFiles {
    /** JPEG quality for written files: high, since outputs are the product. */
    public static final float JPEG_QUALITY = 0.95f;

    private ImageFiles() {}

    /**
     * Reads a PNG or JPEG (or any format ImageIO knows) as opaque RGB; transparent pixels are shown
     * over white, grey images become RGB.
     *
     * @throws InvalidInputException when the file is missing, unreadable, corrupt or not an image
     */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException("no such image file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("not a file: " + file);
        }
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such image file: " + file, e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot read image " + file + " (corrupt or truncated?): "
                    + e.getMessage(), e);
        }
        if (img == null) {
            throw new InvalidInputException(file + " is not an image in a supported format (PNG or JPEG)");
        }
        return toRgb(img);
    }

    /**
     * Writes {@code image} as PNG or JPEG, chosen by the file's extension ({@code .png}, {@code .jpg},
     * {@code .jpeg}), atomically: the file is either the complete new image or untouched.
     *
     * @throws InvalidInputException for any other extension
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        String format = formatOf(file);
        BufferedImage rgb = toRgb(image);
        AtomicFiles.write(file, out -> {
            if (format.equals("png")) {
                if (!ImageIO.write(rgb, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
                return;
            }
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            if (!writers.hasNext()) {
                throw new IOException("no JPEG writer available");
            }
            ImageWriter writer = writers.next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
                writer.setOutput(ios);
                writer.write(null, new IIOImage(rgb, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }

    /**
     * {@code png} or {@code jpeg} for a file name ending in {@code .png}, {@code .jpg} or {@code .jpeg}.
     *
     * @throws InvalidInputException for other names
     */
    public static String formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpeg";
        }
        throw new InvalidInputException("cannot write " + file + ": the name must end in .png, .jpg or .jpeg");
    }

    /** {@code img} as {@link BufferedImage#TYPE_INT_RGB}, composited over white if it has alpha. */
    static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
