package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.memory.AvailableMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a hostile or careless user meets it: every bad input is one line on stderr and exit 2,
 * refused before any expensive work, and no input file is ever overwritten.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private String previousCacheDir;
    private Path content;
    private Path style;

    @BeforeEach
    void setUp() throws IOException {
        previousCacheDir = System.setProperty("atelier.cache.dir", dir.resolve("cache").toString());
        content = TestImages.pattern(dir.resolve("content.png"), 0x336699);
        style = TestImages.pattern(dir.resolve("style.png"), 0xcc8800);
    }

    @AfterEach
    void restore() {
        if (previousCacheDir == null) {
            System.clearProperty("atelier.cache.dir");
        } else {
            System.setProperty("atelier.cache.dir", previousCacheDir);
        }
        System.clearProperty(AvailableMemory.OVERRIDE.property());
    }

    @Test
    void usageErrorsAreOneLineWithAHelpHint() {
        assertOneLine(CliRun.execute("stylize", content.toString(), style.toString(), "-o", "o.png", "--size", "abc"),
                "atelier stylize: invalid value for --size: 'abc' is not a whole number (see atelier stylize --help)");
        assertOneLine(CliRun.execute("bench", "vgg", "--size", "0"),
                "atelier bench vgg: --size must be at least 32, got 0 (see atelier bench vgg --help)");
        assertOneLine(CliRun.execute("features", "--no-such-option", content.toString()),
                "atelier features: unknown option: '--no-such-option'");
        assertOneLine(CliRun.execute("stylize"), "atelier stylize: missing required");
    }

    @Test
    void nonFiniteNumbersAreRefusedWhereverANumberIsExpected() {
        for (String bad : new String[] {"nan", "NaN", "inf", "-Infinity", "1e999"}) {
            assertOneLine(CliRun.execute("stylize", content.toString(), style.toString(), "-o", "o.png", "--lr", bad),
                    "atelier stylize: invalid value for --lr: '" + bad + "' is not a finite number");
        }
        assertOneLine(CliRun.execute("train", "fashion-mnist", "--lr", "nan"), "'nan' is not a finite number");
    }

    @Test
    void benchStyleNamesTheOptionsItHas() {
        assertOneLine(CliRun.execute("bench", "style", "--evals", "-1"), "--evals must be at least 1, got -1");
        assertOneLine(CliRun.execute("bench", "style", "--size", "0"), "--size must be at least 16");
        CliRun r = CliRun.execute("bench", "style", "--evals", "-1");
        assertThat(r.err()).doesNotContain("--max-evals");
    }

    @Test
    void hugeSizesAreRefusedByTheMemoryCheckBeforeAnyAllocation() {
        System.setProperty(AvailableMemory.OVERRIDE.property(), "2g");
        assertOneLine(CliRun.execute("bench", "vgg", "--size", "100000"), "--size: ");
        assertOneLine(CliRun.execute("bench", "style", "--size", "2000000000", "--evals", "1"), "use a size of");
    }

    @Test
    void featuresChecksMemoryFromTheHeaderBeforeDecoding() throws IOException {
        // 6000x6000 declared in a 57-byte file: the forward pass would need tens of GB
        Path big = pngDeclaring(dir.resolve("big.png"), 6000, 6000);
        System.setProperty(AvailableMemory.OVERRIDE.property(), "4g");
        CliRun r = CliRun.execute("features", big.toString());
        assertOneLine(r, "a 6000x6000 image would need about");
        assertThat(r.err()).containsPattern("atelier: --size: .*use a size of \\d+ or less");
        // the size it names does fit
        int fits = Integer.parseInt(r.err().replaceAll("(?s).*a size of (\\d+) or less.*", "$1"));
        assertThat(fits).isBetween(300, 6000);
    }

    @Test
    void decompressionBombIsRefusedByEveryCommandThatReadsImages() throws IOException {
        Path bomb = pngDeclaring(dir.resolve("bomb.png"), 20000, 20000);
        assertOneLine(CliRun.execute("features", bomb.toString()), "declares 20000x20000 pixels");
        assertOneLine(CliRun.execute("stylize", bomb.toString(), style.toString(), "-o", dir.resolve("o.png").toString()),
                "declares 20000x20000 pixels");
        assertOneLine(CliRun.execute("stylize", content.toString(), bomb.toString(), "-o", dir.resolve("o.png").toString()),
                "declares 20000x20000 pixels");
    }

    @Test
    void badImageFilesAreOneLine() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        Path text = Files.writeString(dir.resolve("text.png"), "hello");
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        byte[] png = Files.readAllBytes(content);
        Path truncated = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        for (Path bad : new Path[] {empty, text, folder, truncated, Path.of("/dev/zero")}) {
            if (!Files.exists(bad)) {
                continue;
            }
            assertOneLine(CliRun.execute("features", bad.toString()), bad.toString());
            assertOneLine(CliRun.execute("stylize", bad.toString(), style.toString(), "-o",
                    dir.resolve("o.png").toString()), bad.toString());
        }
    }

    @Test
    void outputThatIsAnInputIsRefusedAndTheInputKept() throws IOException {
        byte[] before = Files.readAllBytes(content);
        CliRun r = CliRun.execute("stylize", content.toString(), style.toString(), "-o", content.toString(),
                "--size", "32", "--max-evals", "1");
        assertOneLine(r, "refusing to overwrite an input");
        assertThat(Files.readAllBytes(content)).isEqualTo(before);
        // also when spelled differently
        Path spelled = dir.resolve("sub/../style.png");
        assertOneLine(CliRun.execute("stylize", content.toString(), style.toString(), "-o", spelled.toString()),
                "refusing to overwrite an input");
    }

    @Test
    void outputUnderARegularFileIsRefusedBeforeTheWork() {
        Path under = content.resolve("out.png");
        CliRun r = CliRun.execute("stylize", content.toString(), style.toString(), "-o", under.toString(),
                "--size", "32", "--max-evals", "1");
        assertOneLine(r, content + " is a file, not a folder");
        assertThat(r.err()).doesNotContain("stylizing").doesNotContain(".part");
    }

    private static void assertOneLine(CliRun r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines[0]).contains(fragment);
    }

    /** A PNG whose header declares {@code width x height} and which holds no pixel data at all. */
    static Path pngDeclaring(Path file, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IEND", new byte[0]);
        return Files.write(file, out.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
