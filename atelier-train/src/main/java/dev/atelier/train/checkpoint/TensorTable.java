package dev.atelier.train.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The {@code tensors.bin} of a {@link CheckpointArchive}: named tensors one after another, as
 * {@code DataOutputStream} writes them. Two encodings are in use: a length-prefixed block of bytes
 * (the learner's checkpoints: DJL's {@code NDArray.encode()}) and a count-prefixed run of big-endian
 * floats (the GAN's). Reading checks every declared count against the bytes really left before
 * allocating, so a hostile length cannot ask for gigabytes.
 */
public final class TensorTable {
    private final ByteArrayInputStream left;
    private final DataInputStream in;

    TensorTable(byte[] bytes) {
        this.left = new ByteArrayInputStream(bytes);
        this.in = new DataInputStream(left);
    }

    /** Writes {@code name} and the length-prefixed {@code bytes}. */
    public static void writeBlock(DataOutputStream out, String name, byte[] bytes) throws IOException {
        out.writeUTF(name);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Writes {@code name} and the count-prefixed {@code values}. */
    public static void writeFloats(DataOutputStream out, String name, float[] values) throws IOException {
        out.writeUTF(name);
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    /**
     * A count of entries that follow, each at least {@code minBytesEach} long: refused unless that many
     * bytes are left.
     */
    public int readCount(String what, int minBytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytesEach > left.available()) {
            throw new IOException("it declares " + n + " " + what + " but only " + left.available()
                    + " bytes are left in " + CheckpointArchive.TENSORS);
        }
        return n;
    }

    /**
     * Refuses bytes after the last entry: a table that holds more than it declares was not written by
     * Atelier (or was appended to), so none of it is trusted.
     */
    public void requireEnd() throws IOException {
        if (left.available() > 0) {
            throw new IOException(CheckpointArchive.TENSORS + " has " + left.available()
                    + " bytes after its last tensor");
        }
    }

    /** A plain int (a format's own field). */
    public int readInt() throws IOException {
        return in.readInt();
    }

    /** A name written by {@link java.io.DataOutputStream#writeUTF}. */
    public String readName() throws IOException {
        return in.readUTF();
    }

    /** A block written by {@link #writeBlock} (after its name), its length checked first. */
    public byte[] readBlock() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > left.available()) {
            throw new IOException("an array declares " + length + " bytes but only " + left.available()
                    + " are left in " + CheckpointArchive.TENSORS);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Floats written by {@link #writeFloats} (after their name {@code name}), their count checked first. */
    public float[] readFloats(String name) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * Float.BYTES > left.available()) {
            throw new IOException(name + " declares " + count + " floats but only " + left.available()
                    + " bytes are left in " + CheckpointArchive.TENSORS);
        }
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = in.readFloat();
        }
        return values;
    }
}
