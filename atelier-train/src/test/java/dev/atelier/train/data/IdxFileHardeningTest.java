package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX headers that declare more than the file holds are refused before anything is allocated. */
class IdxFileHardeningTest {
    @TempDir
    Path dir;

    /** An IDX header of unsigned bytes with {@code dims}, followed by {@code payload} bytes. */
    private static byte[] header(int[] dims, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            o.writeInt(d);
        }
        o.write(new byte[payload]);
        return bytes.toByteArray();
    }

    @Test
    void aSixteenByteFileClaimingTwoGigabytesIsRefusedByItsSize() throws IOException {
        Path f = dir.resolve("bomb-idx3-ubyte");
        Files.write(f, header(new int[] {Integer.MAX_VALUE}, 8)); // 8 header bytes + 8 values = 16 bytes
        assertThat(Files.size(f)).isEqualTo(16);
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage(f + " is truncated or damaged: its IDX header declares [2147483647] = 2147483647 values but"
                        + " the file holds only 8 bytes after the header");
    }

    @Test
    void aCompressedFileIsBoundedByTheLimitAndByWhatItHolds() throws IOException {
        Path f = dir.resolve("bomb-idx3-ubyte.gz");
        Files.write(f, IdxFixtures.gzip(header(new int[] {30000, 100, 100}, 10)));
        // 300 MB declared, under the 1 GiB limit: read as it arrives, so the 10 real bytes cost 10 bytes
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage(f + " is truncated: it ends before its IDX header says");
        System.setProperty("atelier.idx.maxBytes", "1000000");
        try {
            assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(f + ": IDX data size of 300,000,000 bytes exceeds the limit of 1,000,000 (raise it with"
                            + " -Datelier.idx.maxBytes=N or ATELIER_IDX_MAX_BYTES=N)");
        } finally {
            System.clearProperty("atelier.idx.maxBytes");
        }
    }

    @Test
    void aTruncatedGzipNamesTheFile() throws IOException {
        Path f = dir.resolve("cut-idx1-ubyte.gz");
        byte[] gz = IdxFixtures.gzip(header(new int[] {1000}, 1000));
        Files.write(f, java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + " is truncated");
    }
}
