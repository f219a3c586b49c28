package dev.atelier.core.image;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.core.text.OneLine;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading and writing PNG and JPEG files as 8-bit RGB images, with errors a user can act on and
 * all-or-nothing writes.
 */
public final class ImageFiles {
    /** JPEG quality for written files: high, since outputs are the product. */
    public static final float JPEG_QUALITY = 0.95f;

    static {
        // ImageIO caches an encoded stream in a temporary file by default, and registers a shutdown hook for
        // each such file: during a shutdown (Ctrl-C, SIGTERM) that throws "Shutdown in progress", so the picture
        // a stopped run keeps could not be written. Memory caching has no hook (and no temporary file).
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /**
     * Reads a PNG or JPEG (or any format ImageIO knows) as opaque RGB; transparent pixels are shown
     * over white, grey images become RGB, CMYK and YCCK JPEGs are converted to RGB.
     *
     * <p>The size the file declares is checked against {@link ImagePixelLimit} before any pixel is
     * decoded, the heap the decode takes is reserved from {@link DecodeBudget} (waiting while other
     * decodes hold it, refusing an image that could never fit), and a file the decoder had to patch up
     * (a truncated JPEG comes back half grey, with only a warning) is refused rather than used.
     *
     * @throws InvalidInputException when the file is missing, unreadable, corrupt, too large or not an image
     */
    public static BufferedImage read(Path file) {
        return withReader(file, reader -> {
            try (DecodeBudget.Reservation heap =
                    DecodeBudget.reserve(file.toString(), reader.getWidth(0), reader.getHeight(0))) {
                return decode(file, reader);
            }
        });
    }

    private static BufferedImage decode(Path file, ImageReader reader) throws IOException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        FourChannelJpeg.Encoding fourChannels = FourChannelJpeg.encodingOf(reader);
        BufferedImage img = fourChannels != null
                ? FourChannelJpeg.read(reader, fourChannels)
                : reader.read(0);
        if (!warnings.isEmpty()) {
            throw new InvalidInputException("cannot read image " + file + ": it is damaged or truncated ("
                    + OneLine.of(warnings.get(0)) + ")");
        }
        return toRgb(img);
    }

    /**
     * The size and format {@code file} declares, read from its header without decoding the pixels, so
     * that callers can check memory before the (possibly large) decode. The size is checked against
     * {@link ImagePixelLimit}.
     *
     * @throws InvalidInputException when the file is missing, not an image, or declares too many pixels
     */
    public static ImageHeader header(Path file) {
        return withReader(file, reader -> new ImageHeader(reader.getWidth(0), reader.getHeight(0),
                reader.getFormatName().toLowerCase(Locale.ROOT)));
    }

    /** What is done with an image reader positioned on a file whose declared size passed the checks. */
    @FunctionalInterface
    private interface ReaderAction<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderAction<T> action) {
        // a device such as /dev/zero or a FIFO would be read forever: say what the path is instead
        InputFiles.requireRegularFile("image file", file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidInputException("cannot open image " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(file + " is not an image in a supported format (PNG or JPEG)"
                        + (Files.size(file) == 0 ? ": the file is empty" : ""));
            }
            ImageReader reader = readers.next();
            try {
                // A PNG's text and profile chunks are compressed and may inflate to gigabytes (a 2 MB file of
                // zTXt chunks held 2 GB); nothing here uses them, so the PNG reader skips them unread. A JPEG's
                // markers are read (the four-channel ones say how they are stored); they are not compressed,
                // so they are no larger than the file.
                reader.setInput(in, true, reader.getFormatName().equalsIgnoreCase("png"));
                ImagePixelLimit.check(file, reader.getWidth(0), reader.getHeight(0));
                return action.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such image file: " + file, e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("cannot read image " + file + ": permission denied", e);
        } catch (IOException | RuntimeException e) {
            // decoders throw anything from IIOException to ArrayIndexOutOfBoundsException on hostile data
            throw new InvalidInputException("cannot read image " + file + " (corrupt or truncated?): "
                    + OneLine.of(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /**
     * Writes {@code image} as PNG or JPEG, chosen by the file's extension ({@code .png}, {@code .jpg},
     * {@code .jpeg}), atomically: the file is either the complete new image or untouched.
     *
     * @throws InvalidInputException for any other extension
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, encoder(image, file));
    }

    /**
     * What writes {@code image} as the PNG or JPEG {@code file}'s extension names, for a write that commits
     * it together with another file ({@link dev.atelier.core.io.FilePair}).
     *
     * @throws InvalidInputException for an extension other than {@code .png}, {@code .jpg}, {@code .jpeg}
     */
    public static AtomicFiles.Writer encoder(BufferedImage image, Path file) {
        String format = formatOf(file);
        BufferedImage rgb = toRgb(image);
        return out -> {
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
        };
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
