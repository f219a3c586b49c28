package dev.atelier.train.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files byte by byte, as the format's specification describes, for the tests. */
final class IdxFixtures {
    private IdxFixtures() {}

    static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeByte(0x08);
        out.writeByte(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(values);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    /** A Fashion-MNIST-shaped folder: {@code n} training and {@code n/2} test images of 4×3 pixels. */
    static void writeFashionMnist(Path dir, int n, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train-images-idx3-ubyte", idx(new int[] {n, 4, 3}, pattern(n * 12, 7)), gzip);
        write(dir, "train-labels-idx1-ubyte", idx(new int[] {n}, labels(n)), gzip);
        write(dir, "t10k-images-idx3-ubyte", idx(new int[] {n / 2, 4, 3}, pattern(n / 2 * 12, 3)), gzip);
        write(dir, "t10k-labels-idx1-ubyte", idx(new int[] {n / 2}, labels(n / 2)), gzip);
    }

    static void write(Path dir, String base, byte[] idx, boolean gzip) throws IOException {
        Files.write(dir.resolve(gzip ? base + ".gz" : base), gzip ? gzip(idx) : idx);
    }

    static byte[] pattern(int n, int step) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * step);
        }
        return b;
    }

    static byte[] labels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 10);
        }
        return b;
    }
}
