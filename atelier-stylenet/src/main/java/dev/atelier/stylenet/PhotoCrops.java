package dev.atelier.stylenet;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.train.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The training photos as square crops held in memory as bytes: each photo scaled so its short side is
 * the crop size, then one crop at each end of its long side and one in the middle when it is long
 * enough for them to differ. Crops, not whole photos, because the network learns texture, which crops
 * show at the scale the style is matched to; and bytes, because that is what the Learner's batches are
 * built from.
 */
public final class PhotoCrops {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private final List<Path> files;
    private final ImageSet images;

    private PhotoCrops(List<Path> files, ImageSet images) {
        this.files = List.copyOf(files);
        this.images = images;
    }

    /** The pictures (JPEG or PNG) directly in {@code folder}, sorted by name. */
    public static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("photo folder " + folder + " does not exist or is not a folder");
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException("photo folder " + folder + " holds no JPEG or PNG pictures");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Crops of side {@code size} of every file of {@code files}. */
    public static PhotoCrops of(List<Path> files, int size) {
        List<byte[]> crops = new ArrayList<>();
        for (Path f : files) {
            RgbImage photo = RgbImage.read(f);
            double s = size / (double) Math.min(photo.width(), photo.height());
            int w = Math.max(size, (int) Math.round(photo.width() * s));
            int h = Math.max(size, (int) Math.round(photo.height() * s));
            RgbImage scaled = photo.resized(w, h);
            int spare = Math.max(w, h) - size;
            List<Integer> offsets = spare < size / 4 ? List.of(spare / 2)
                    : spare < size ? List.of(0, spare) : List.of(0, spare / 2, spare);
            for (int o : offsets) {
                crops.add(bytes(scaled, w >= h ? o : 0, w >= h ? 0 : o, size));
            }
        }
        int plane = 3 * size * size;
        byte[] all = new byte[crops.size() * plane];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, all, i * plane, plane);
        }
        return new PhotoCrops(files, new ImageSet(all, new int[crops.size()], 3, size, size, List.of("photo")));
    }

    private static byte[] bytes(RgbImage image, int x0, int y0, int size) {
        byte[] out = new byte[3 * size * size];
        float[] p = image.pixels();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = p[(c * image.height() + y0 + y) * image.width() + x0 + x];
                    out[(c * size + y) * size + x] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
            }
        }
        return out;
    }

    /** The photos the crops were cut from. */
    public List<Path> files() {
        return files;
    }

    /** The crops, channel-first bytes, all labelled 0. */
    public ImageSet images() {
        return images;
    }

    /** How many crops. */
    public int size() {
        return images.size();
    }
}
