package dev.atelier.core.io;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLocationTest {
    @TempDir
    Path dir;

    @Test
    void outputThatIsAnInputIsRefusedWhateverItsSpelling() throws IOException {
        Path photo = Files.writeString(dir.resolve("a.png"), "photo");
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), photo);
        Path dotted = dir.resolve("sub/../a.png");
        Files.createDirectory(dir.resolve("sub"));
        for (Path out : List.of(photo, link, dotted)) {
            assertThatThrownBy(() -> OutputLocation.check(out, List.of(dir.resolve("style.jpg"), photo)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("refusing to overwrite an input");
        }
        assertThatCode(() -> OutputLocation.check(dir.resolve("b.png"), photo)).doesNotThrowAnyException();
    }

    @Test
    void outputUnderARegularFileOrOnAFolderIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("photo.png"), "x");
        assertThatThrownBy(() -> OutputLocation.check(file.resolve("deeper/out.png"), List.of()))
                .hasMessage("cannot write " + file.resolve("deeper/out.png") + ": " + file + " is a file, not a folder");
        assertThatThrownBy(() -> OutputLocation.check(dir, List.of()))
                .hasMessageContaining("is a folder; give a file name inside it");
    }

    @Test
    void missingFoldersAreFine() {
        assertThatCode(() -> OutputLocation.check(dir.resolve("new/deep/out.png"), List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void unwritableFolderIsRefused() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "running as root: every folder is writable");
            assertThatThrownBy(() -> OutputLocation.check(ro.resolve("out.png"), List.of()))
                    .hasMessageContaining("the folder " + ro + " is not writable");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
