package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SWA state files whose declared lengths exceed what they hold are refused before allocating. */
class SwaCheckpointHardeningTest {
    @TempDir
    Path tmp;

    private Path swaFile(int rank, int byteLength) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(0x53574131);
        o.writeLong(10);
        o.writeLong(-1);
        o.writeInt(1);
        o.writeUTF("w");
        o.writeUTF("FLOAT32");
        o.writeInt(rank);
        for (int d = 0; d < Math.min(rank, 1); d++) {
            o.writeLong(1);
        }
        o.writeInt(byteLength);
        o.write(new byte[4]);
        Path f = tmp.resolve("swa-" + rank + "-" + byteLength + ".state");
        Files.write(f, bytes.toByteArray());
        return f;
    }

    @Test
    void hugeDeclaredLengthsAreRefusedWithOneLineNamingTheFile() throws IOException {
        Path rank = swaFile(Integer.MAX_VALUE, 4);
        assertThatThrownBy(() -> SwaCheckpoint.read(rank)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(rank + " is a damaged SWA checkpoint: it declares 2147483647 values of 8 bytes");
        Path length = swaFile(1, Integer.MAX_VALUE);
        assertThatThrownBy(() -> SwaCheckpoint.read(length)).isInstanceOf(InvalidInputException.class)
                .hasMessage(length + " is a damaged SWA checkpoint: it declares 2147483647 values of 1 bytes but only 4"
                        + " bytes are left");
    }
}
