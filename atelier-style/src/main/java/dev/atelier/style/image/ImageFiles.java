package dev.atelier.style.image;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Reads images users give us, and writes results atomically as PNG or JPEG by file extension. */
public final class ImageFiles {
    private static final float JPEG_QUALITY = 0.95f;

    private ImageFiles() {}

    /** The width and height of an image file, read from its header without decoding the pixels. */
    public static int[] dimensions(Path file) {
        requireReadable(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw unsupported(file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    /** Decodes an image file. */
    public static RgbImage read(Path file) {
        requireReadable(file);
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e);
        }
        if (image == null) {
            throw unsupported(file);
        }
        return RgbImage.of(image);
    }

    /** The format an output path asks for, or an error naming the ones we write. */
    public static String formatFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpeg";
        }
        throw new InvalidInputException("cannot write " + file + ": use a .png, .jpg or .jpeg file name");
    }

    /** Writes {@code image} to {@code file} (PNG or JPEG by extension) all at once or not at all. */
    public static void write(RgbImage image, Path file) throws IOException {
        String format = formatFor(file);
        BufferedImage buffered = image.toBufferedImage();
        AtomicFiles.write(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (format.equals("jpeg")) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(JPEG_QUALITY);
                }
                writer.write(null, new IIOImage(buffered, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static void requireReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no such image file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException("cannot read " + file + ": permission denied");
        }
    }

    private static InvalidInputException unsupported(Path file) {
        return new InvalidInputException(file + " is not an image this tool can read (use PNG, JPEG, BMP or GIF)");
    }

    private static InvalidInputException corrupt(Path file, Exception e) {
        return new InvalidInputException("cannot decode image " + file + " (corrupt or truncated?): "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
}
