package dev.atelier.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** A Fashion-MNIST-shaped folder of 8x8 IDX images: class 0 bright left, class 1 bright right. */
final class TinyFashionMnist {
    private TinyFashionMnist() {}

    static Path create(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", train, 1);
        write(dir, "t10k", test, 2);
        return dir;
    }

    private static void write(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 2);
            for (int p = 0; p < 64; p++) {
                boolean lit = ((p % 8) < 4) == (labels[i] == 0);
                px[i * 64 + p] = (byte) ((lit ? 150 : 40) + rng.nextInt(60));
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), idx(new int[] {n, 8, 8}, px));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), idx(new int[] {n}, labels));
    }

    private static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            o.writeInt(d);
        }
        o.write(values);
        return bytes.toByteArray();
    }
}
