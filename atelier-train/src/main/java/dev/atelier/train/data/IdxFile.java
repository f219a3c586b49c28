package dev.atelier.train.data;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.limits.TrainingLimits;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An unsigned-byte IDX file (the format of MNIST and Fashion-MNIST), gzip-compressed or raw: the
 * compression is recognised from the content's first bytes, not from the file name.
 *
 * <p>Layout (big-endian): two zero bytes, a type code ({@code 0x08} = unsigned byte), the number of
 * dimensions, one 32-bit size per dimension, then the values in row-major order.
 *
 * @param dims the dimensions, e.g. {@code [60000, 28, 28]} for images or {@code [60000]} for labels
 * @param data the values, row-major, as stored (read them with {@code & 0xff})
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public IdxFile {
        dims = dims.clone();
        if ((long) Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException("IDX dims " + Arrays.toString(dims) + " do not match "
                    + data.length + " values");
        }
    }

    /**
     * Reads {@code file}, gzip or raw. A raw file's header is checked against the file's real size
     * before anything is allocated; a gzip file is read without trusting its header's sizes.
     */
    public static IdxFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /** Reads an IDX stream, gzip or raw; {@code source} names it in error messages. */
    public static IdxFile read(InputStream raw, String source) throws IOException {
        return read(raw, source, -1);
    }

    /** As {@link #read(InputStream, String)}; {@code size} is the stream's length in bytes, or -1 if unknown. */
    private static IdxFile read(InputStream raw, String source, long size) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || rank == 0) {
                throw new InvalidInputException(source + " is not an IDX file (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            if (type != UNSIGNED_BYTE) {
                throw new InvalidInputException(source + " holds IDX type 0x" + Integer.toHexString(type)
                        + "; only unsigned bytes (0x08) are supported");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new InvalidInputException(source + " has a negative IDX dimension");
                }
                count *= dims[i];
            }
            long header = 4L + 4L * rank;
            if (!gzip && size >= 0 && count > size - header) {
                throw new InvalidInputException(source + " is truncated or damaged: its IDX header declares "
                        + Arrays.toString(dims) + " = " + count + " values but the file holds only "
                        + Math.max(0, size - header) + " bytes after the header");
            }
            TrainingLimits.IDX_BYTES.check(count, source);
            if (count > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(source + " is too large: " + count + " values");
            }
            // readNBytes grows its buffer as data arrive, so a compressed file that declares more than it
            // holds costs only what it really holds
            byte[] values = data.readNBytes((int) count);
            if (values.length < count) {
                throw new EOFException();
            }
            return new IdxFile(dims, values);
        } catch (EOFException e) {
            throw new InvalidInputException(source + " is truncated: it ends before its IDX header says", e);
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(source + " is not a readable gzip file: " + e.getMessage(), e);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of items along the first dimension. */
    public int count() {
        return dims[0];
    }
}
