package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any Hadoop file system (local, HDFS, S3-compatible): inputs copied to a local temporary
 * file after a size check, so the image readers' own checks apply unchanged; outputs written beside
 * their target under a hidden temporary name and renamed into place, so that a reader never sees half a
 * file and a retried task simply replaces what an earlier attempt left.
 */
public final class HadoopFiles {
    /** Largest input file copied for decoding: far above any image the pixel limit lets through. */
    public static final long MAX_INPUT_BYTES = 512L << 20;

    private final Configuration conf;

    public HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    /** The file system of {@code path}, without Hadoop's .crc side files on the local file system. */
    public FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        fs.setWriteChecksum(false);
        return fs;
    }

    /**
     * Copies {@code source} to a new local temporary file (the caller deletes it).
     *
     * @throws InvalidInputException when it is missing, a folder, or larger than {@link #MAX_INPUT_BYTES}
     */
    public java.nio.file.Path copyToLocal(String source, String what) throws IOException {
        return copyToLocal(source, what, MAX_INPUT_BYTES);
    }

    /** Copies a weight file (hundreds of MB, checked by its own reader) to a local temporary file. */
    public java.nio.file.Path copyToLocalUnbounded(String source) throws IOException {
        return copyToLocal(source, "weight", Long.MAX_VALUE);
    }

    private java.nio.file.Path copyToLocal(String source, String what, long maxBytes) throws IOException {
        Path p = new Path(source);
        FileSystem fs = fileSystem(p);
        FileStatus status;
        try {
            status = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException("no such " + what + " file: " + source);
        }
        if (status.isDirectory()) {
            throw new InvalidInputException(what + " " + source + " is a folder, not an image file");
        }
        if (status.getLen() > maxBytes) {
            throw new InvalidInputException(what + " " + source + " is " + (status.getLen() >> 20)
                    + " MiB, more than the " + (maxBytes >> 20) + " MiB any image may have");
        }
        java.nio.file.Path local = Files.createTempFile("atelier-spark-in-", suffixOf(p.getName()));
        try (InputStream in = fs.open(p); OutputStream out = Files.newOutputStream(local)) {
            // bounded: a file that grows while we read it is still refused at the limit
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidInputException(what + " " + source + " grew past " + (maxBytes >> 20)
                            + " MiB while being read");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(local);
            throw e;
        }
        return local;
    }

    /**
     * Copies the local file {@code source} to {@code target} atomically: a hidden temporary sibling
     * named after {@code attempt} is written, then renamed over the target.
     */
    /**
     * Copies the image {@code source} to a local temporary file (listed in {@code temporary}, for
     * {@link #deleteLocal}) and reads it; a bad image's message names the file as the manifest gave it, not
     * the local copy.
     */
    public dev.atelier.style.image.RgbImage readImage(String source, String what, java.util.List<java.nio.file.Path> temporary)
            throws IOException {
        java.nio.file.Path local = copyToLocal(source, what);
        temporary.add(local);
        try {
            return dev.atelier.style.image.RgbImage.read(local);
        } catch (dev.atelier.core.InvalidInputException e) {
            throw new dev.atelier.core.InvalidInputException(e.getMessage().replace(local.toString(), source), e);
        }
    }

    /** Deletes the local temporary files and folders a row made (folders with what is in them). */
    public static void deleteLocal(java.util.List<java.nio.file.Path> temporary) throws IOException {
        for (java.nio.file.Path p : temporary) {
            if (java.nio.file.Files.isDirectory(p)) {
                try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(p)) {
                    for (java.nio.file.Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(q);
                    }
                }
            } else {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    public void publish(java.nio.file.Path source, Path target, String attempt) throws IOException {
        FileSystem fs = fileSystem(target);
        fs.mkdirs(target.getParent());
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + attempt + ".tmp");
        try (OutputStream out = fs.create(tmp, true); InputStream in = Files.newInputStream(source)) {
            in.transferTo(out);
            if (out instanceof FSDataOutputStream d) {
                d.hsync();
            }
        }
        // HDFS's rename does not replace an existing file; an earlier attempt's copy holds the same image
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not move " + tmp + " to " + target);
        }
    }

    private static String suffixOf(String name) {
        int dot = name.lastIndexOf('.');
        String s = dot < 0 ? "" : name.substring(dot).toLowerCase(java.util.Locale.ROOT);
        return s.matches("\\.[a-z0-9]{1,5}") ? s : ".img";
    }
}
