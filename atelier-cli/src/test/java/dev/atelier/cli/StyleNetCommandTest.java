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
            "--size", "32", "--paint-size", "48", "--batch", "2", "--width", "4", "--residual-blocks", "1", "--preview-every", "2"};
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
        assertThat(Files.readString(tmp.resolve("out/one.png.json"))).contains("\"style_net\"", "\"sha256\"", "a.png",
                "\"paint_size\" : \"48\"");
        assertThat(a.err()).as("a 32-px picture for a 48-px network: no note").doesNotContain("note:");
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

    @Test
    void aPictureFarFromThePaintSizeGetsANote() throws Exception {
        Path net = tmp.resolve("small-paint.stylenet");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            dev.atelier.stylenet.StyleNetFile.write(net, dev.atelier.stylenet.TransformerNetwork.create(
                    new dev.atelier.stylenet.StyleNetArchitecture(4, 8, 8, 1), 3, m), false, java.util.Map.of("paint_size", "8"));
        }
        CliRun r = CliRun.execute("style-net", "apply", net.toString(), photos.resolve("b.png").toString(), "-o",
                tmp.resolve("note/b.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("note: b.png is 32 px on its short side; small-paint.stylenet was trained for 8 px"
                + " pictures, so its strokes will look small (resize the picture, or train with --paint-size 32)");
        assertThat(tmp.resolve("note/b.png")).exists();
    }

    @Test
    void aPaintSizeBelowTheCropsIsOneLine() {
        assertOneLine(CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--size", "32", "--paint-size", "16"),
                "--paint-size: must be at least the crop size (32)");
    }

    /** A tiny random network (untrained: enough to tell two networks' pictures apart). */
    private static Path randomNet(Path file, long seed) throws Exception {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            dev.atelier.stylenet.StyleNetFile.write(file, dev.atelier.stylenet.TransformerNetwork.create(
                    new dev.atelier.stylenet.StyleNetArchitecture(4, 8, 8, 1), seed, m), false, java.util.Map.of());
        }
        return file;
    }

    /** A 40x32 mask (the test pictures' shape): white left of column {@code edge}, black right of it. */
    private static Path leftMask(Path file, int edge) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < edge; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        dev.atelier.core.image.ImageFiles.write(img, file);
        return file;
    }

    @Test
    void severalNetworksAreBlendedByTheirMasks() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("blend"));
        Path a = randomNet(dir.resolve("a.stylenet"), 1);
        Path b = randomNet(dir.resolve("b.stylenet"), 2);
        Path left = leftMask(dir.resolve("left.png"), 20);
        Path photo = photos.resolve("a.png");
        Path out = dir.resolve("out.png");
        CliRun r = CliRun.execute("style-net", "apply", photo.toString(), "--net", a + ",mask=" + left,
                "--net", b + ",outside=" + left, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("out.png.json"))).contains("\"style_nets\"", "\"mask\"", "\"outside\"",
                "left.png");
        Path onlyA = dir.resolve("a.png");
        Path onlyB = dir.resolve("b.png");
        assertThat(CliRun.execute("style-net", "apply", a.toString(), photo.toString(), "-o", onlyA.toString()).code()).isZero();
        assertThat(CliRun.execute("style-net", "apply", b.toString(), photo.toString(), "-o", onlyB.toString()).code()).isZero();
        var blended = javax.imageio.ImageIO.read(out.toFile());
        // left of the mask's edge network a alone, right of it network b alone
        assertThat(blended.getRGB(3, 10)).isEqualTo(javax.imageio.ImageIO.read(onlyA.toFile()).getRGB(3, 10));
        assertThat(blended.getRGB(35, 10)).isEqualTo(javax.imageio.ImageIO.read(onlyB.toFile()).getRGB(35, 10));

        Path black = leftMask(dir.resolve("black.png"), 0);
        Path notImage = Files.writeString(dir.resolve("mask.png.txt"), "not a picture");
        Path bad = dir.resolve("bad.png");
        assertOneLine(CliRun.execute("style-net", "apply", photo.toString(), "--net", a + ",mask=" + black,
                "-o", bad.toString()), "nowhere");
        assertOneLine(CliRun.execute("style-net", "apply", photo.toString(), "--net", a + ",mask=" + notImage,
                "-o", bad.toString()), "mask.png.txt");
        assertOneLine(CliRun.execute("style-net", "apply", photo.toString(), "--net", a.toString(),
                "-o", bad.toString()), "one mask");
        assertThat(bad).doesNotExist();
        assertThat(dir.resolve("bad.png.json")).doesNotExist();
    }
}
