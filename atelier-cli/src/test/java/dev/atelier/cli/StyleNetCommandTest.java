package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier style-net train} and {@code apply} as a user runs them, on tiny generated photos. */
class StyleNetCommandTest {
    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @TempDir
    static Path tmp;
    private static Path photos;
    private static Path style;

    @BeforeAll
    static void pictures() throws Exception {
        photos = Files.createDirectories(tmp.resolve("photos"));
        TestImages.pattern(photos.resolve("a.png"), 0x336699);
        TestImages.pattern(photos.resolve("b.png"), 0x993322);
        TestImages.pattern(photos.resolve("c.png"), 0x22aa44);
        style = TestImages.pattern(tmp.resolve("style.png"), 0xdd8800);
    }

    private static String[] train(Path net, String... extra) {
        String[] base = {"style-net", "train", style.toString(), "--photos", photos.toString(), "-o", net.toString(),
            "--weights", SharedFixtures.require("vgg16_bn_features_fixture.pth").toString(), "--recipe", "lesson13",
            "--size", "32", "--batch", "2", "--width", "4", "--residual-blocks", "1", "--preview-every", "2"};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void trainsThenPaintsDeterministicallyWithSidecars() throws Exception {
        Path net = tmp.resolve("run1/wave.stylenet");
        Path csv = tmp.resolve("run1/loss.csv");
        CliRun r = CliRun.execute(train(net, "--iterations", "4", "--loss-csv", csv.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("done after 4 iterations");
        assertThat(net).exists();
        assertThat(tmp.resolve("run1/wave.stylenet.ckpt")).exists();
        assertThat(tmp.resolve("run1/wave-previews/iter-000002.png")).exists();
        assertThat(Files.readAllLines(csv)).hasSize(5);

        Path one = tmp.resolve("out/one.png");
        CliRun a = CliRun.execute("style-net", "apply", net.toString(), photos.resolve("a.png").toString(), "-o", one.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(one).exists();
        assertThat(Files.readString(tmp.resolve("out/one.png.json"))).contains("\"style_net\"", "\"sha256\"", "a.png");
        Path folder = tmp.resolve("out/all");
        CliRun b = CliRun.execute("style-net", "apply", net.toString(), photos.toString(), "-o", folder.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(folder.resolve("a.png")).exists();
        assertThat(folder.resolve("c.png.json")).exists();
        // the same network paints the same photo to the same bytes
        assertThat(Files.readAllBytes(folder.resolve("a.png"))).isEqualTo(Files.readAllBytes(one));
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aStoppedRunResumesFromItsCheckpoint() {
        Path net = tmp.resolve("run2/net.stylenet");
        CliRun first = CliRun.execute(train(net, "--iterations", "4", "--checkpoint-every", "2"));
        assertThat(first.code()).as(first.err()).isZero();
        // at its end the checkpoint has nothing left to resume: one line
        CliRun again = CliRun.execute(train(tmp.resolve("run2/other.stylenet"), "--iterations", "4",
                "--resume", tmp.resolve("run2/net.stylenet.ckpt").toString()));
        assertOneLine(again, "nothing left to resume");
        // a longer schedule is another schedule
        CliRun longer = CliRun.execute(train(tmp.resolve("run2/longer.stylenet"), "--iterations", "6",
                "--resume", tmp.resolve("run2/net.stylenet.ckpt").toString()));
        assertOneLine(longer, "another schedule");
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).contains(expected).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aMissingStyleIsOneLine() {
        assertOneLine(CliRun.execute("style-net", "train", tmp.resolve("nope.jpg").toString(), "--photos",
                photos.toString(), "-o", tmp.resolve("x.stylenet").toString()), "nope.jpg");
    }

    @Test
    void anEmptyPhotoFolderIsOneLine() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", empty.toString(), "-o",
                tmp.resolve("x.stylenet").toString()), "holds no JPEG or PNG");
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", tmp.resolve("absent").toString(),
                "-o", tmp.resolve("x.stylenet").toString()), "does not exist");
    }

    @Test
    void badSizesAreOneLineNamingTheOption() {
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--size", "7"), "--size");
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--batch", "0"), "--batch");
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--width", "0"), "--width");
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--colors", "match"), "--colors");
    }

    @Test
    void hostileNetworkFilesAreOneLine() throws Exception {
        Path photo = photos.resolve("a.png");
        Path garbage = Files.write(tmp.resolve("garbage.stylenet"), "not a network at all, just text".getBytes());
        assertOneLine(CliRun.execute("style-net", "apply", garbage.toString(), photo.toString(), "-o",
                tmp.resolve("g.png").toString()), "not a usable style network");
        byte[] huge = new byte[16];
        java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Path oversized = Files.write(tmp.resolve("oversized.stylenet"), huge);
        assertOneLine(CliRun.execute("style-net", "apply", oversized.toString(), photo.toString(), "-o",
                tmp.resolve("o.png").toString()), "header declares");
        assertOneLine(CliRun.execute("style-net", "apply", tmp.resolve("absent.stylenet").toString(), photo.toString(),
                "-o", tmp.resolve("a.png").toString()), "does not exist");
        assertThat(tmp.resolve("g.png")).doesNotExist();
    }

    @Test
    void stylizeStartsFromTheNetworksPicture() throws Exception {
        Path net = tmp.resolve("run3/net.stylenet");
        assertThat(CliRun.execute(train(net, "--iterations", "2", "--preview-every", "0")).code()).isZero();
        Path out = tmp.resolve("run3/init.png");
        String fixture = SharedFixtures.require("vgg16_bn_features_fixture.pth").toString();
        CliRun r = CliRun.execute("stylize", photos.resolve("a.png").toString(), style.toString(), "-o", out.toString(),
                "--init-net", net.toString(), "--weights", fixture, "--recipe", "lesson13", "--size", "64",
                "--max-evals", "2", "--scales", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(tmp.resolve("run3/init.png.json"))).contains("\"init_net\"");
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("atelier-init-net"));
        }
        assertOneLine(CliRun.execute("stylize", photos.resolve("a.png").toString(), photos.resolve("b.png").toString(),
                style.toString(), "-o", tmp.resolve("run3/two").toString(), "--init-net", net.toString()), "exactly one");
        assertOneLine(CliRun.execute("stylize", photos.resolve("a.png").toString(), style.toString(), "-o",
                tmp.resolve("run3/x.png").toString(), "--init-net", net.toString(), "--init", "noise"), "give one");
    }
}
