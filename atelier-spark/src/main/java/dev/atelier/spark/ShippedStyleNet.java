package dev.atelier.spark;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.stylenet.StyleNetArchitecture;
import dev.atelier.stylenet.StyleNetFile;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A style network as the driver checked it before a job starts: read once from its file system (local,
 * HDFS, S3), parsed and validated by {@link StyleNetFile#read} so that an unusable file is one line before
 * any work, and kept as the very bytes that were validated, with their SHA-256, for the executors. What an
 * executor paints with is therefore the file the driver checked, even if the file changes or is absent on
 * the executor's machine.
 */
public final class ShippedStyleNet {
    /**
     * The largest file read: above the largest network {@link StyleNetArchitecture} allows (512 channels
     * at every resolution and 32 residual blocks, ~650 MB of weights).
     */
    public static final long MAX_BYTES = 1L << 30;

    private final String file;
    private final byte[] bytes;
    private final String sha256;
    private final StyleNetArchitecture architecture;
    private final boolean keepColors;

    private ShippedStyleNet(String file, byte[] bytes, String sha256, StyleNetArchitecture architecture,
            boolean keepColors) {
        this.file = file;
        this.bytes = bytes;
        this.sha256 = sha256;
        this.architecture = architecture;
        this.keepColors = keepColors;
    }

    /**
     * Reads and checks the network file at {@code location} (a path or a Hadoop URI).
     *
     * @throws InvalidInputException in one line when it is missing, not a regular file, too large or not a
     *     usable style network (as {@link StyleNetFile#read} says, naming {@code location})
     */
    public static ShippedStyleNet read(String location, Configuration conf) throws IOException {
        Path p;
        try {
            p = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("style network " + Printable.of(location) + " is not a usable path: "
                    + Printable.line(e.getMessage(), 200));
        }
        FileSystem fs = p.getFileSystem(conf);
        p = fs.makeQualified(p);
        String shown = Printable.of(location, 300);
        FileStatus status;
        try {
            status = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException("no such style network: " + shown);
        }
        if (fs instanceof LocalFileSystem) {
            // a device or a pipe (/dev/zero) would be read without end
            dev.atelier.core.io.InputFiles.requireRegularFile("style network", java.nio.file.Path.of(p.toUri()));
        } else if (status.isDirectory()) {
            throw new InvalidInputException("style network " + shown + " is a folder, not a network file");
        }
        if (status.getLen() > MAX_BYTES) {
            throw new InvalidInputException("style network " + shown + " is " + (status.getLen() >> 20)
                    + " MiB, more than any style network can be (" + (MAX_BYTES >> 20) + " MiB)");
        }
        byte[] bytes = readBounded(fs, p, shown);
        java.nio.file.Path local = Files.createTempFile("atelier-spark-net-", ".stylenet");
        try {
            Files.write(local, bytes);
            StyleNetFile.Loaded loaded;
            try (NDManager manager = ActiveDevice.newManager()) {
                loaded = StyleNetFile.read(local, manager);
            } catch (InvalidInputException e) {
                // name the file as it was given, not the local copy
                throw new InvalidInputException(e.getMessage().replace(local.toString(), shown), e);
            }
            return new ShippedStyleNet(p.toString(), bytes, sha256(bytes), loaded.network().architecture(),
                    loaded.keepColors());
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static byte[] readBounded(FileSystem fs, Path p, String shown) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = fs.open(p)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_BYTES) {
                    throw new InvalidInputException("style network " + shown + " grew past " + (MAX_BYTES >> 20)
                            + " MiB while being read");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file, qualified (absolute, with its file system). */
    public String file() {
        return file;
    }

    /** The file's bytes, as validated (not a copy: do not change them). */
    public byte[] bytes() {
        return bytes;
    }

    /** The SHA-256 of {@link #bytes()}, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** The network's shape. */
    public StyleNetArchitecture architecture() {
        return architecture;
    }

    /** Whether its pictures keep the photo's colours. */
    public boolean keepColors() {
        return keepColors;
    }
}
