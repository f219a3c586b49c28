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
                .hasMessage("cannot write the output " + file.resolve("deeper/out.png") + ": " + file
                        + " is a file, not a folder");
        assertThatThrownBy(() -> OutputLocation.check(dir, List.of()))
                .hasMessage("the output " + dir + " is a folder; give a file name inside it");
    }

    @Test
    void namedOutputsAreCalledWhatTheyAreAndNullInputsAreSkipped() throws IOException {
        Path phases = Files.writeString(dir.resolve("phases.json"), "{}");
        assertThatThrownBy(() -> OutputLocation.checkFile("metrics JSON", phases, phases, null))
                .hasMessage("the metrics JSON " + phases + " is the input " + phases
                        + "; refusing to overwrite an input: choose another name");
        assertThatCode(() -> OutputLocation.checkFile("metrics JSON", dir.resolve("m.json"), phases, null))
                .doesNotThrowAnyException();
    }

    @Test
    void aDeviceOrABrokenLinkIsNoOutputFile() throws IOException {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("nowhere.png"));
        assertThatThrownBy(() -> OutputLocation.check(dangling, List.of()))
                .hasMessageContaining("is a broken symbolic link");
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "no /dev/null here");
        assertThatThrownBy(() -> OutputLocation.checkFile("report", devNull))
                .hasMessage("the report /dev/null is not a regular file (a device or a pipe?); give a file name");
    }

    @Test
    void anOutputFolderMayBeMissingButNotAFileOrAnInput() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatCode(() -> OutputLocation.checkFolder("checkpoint folder", dir.resolve("ck/new")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> OutputLocation.checkFolder("checkpoint folder", file))
                .hasMessage("the checkpoint folder " + file + " is a file, not a folder");
        assertThatThrownBy(() -> OutputLocation.checkFolder("checkpoint folder", file.resolve("ck")))
                .hasMessage("cannot write the checkpoint folder " + file.resolve("ck") + ": " + file
                        + " is a file, not a folder");
        assertThatThrownBy(() -> OutputLocation.checkFolder("checkpoint folder", file, file))
                .hasMessageContaining("refusing to overwrite an input");
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
