package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarmonizeCommandTest {
    @TempDir
    Path dir;

    private Path painting;
    private Path object;
    private Path mask;

    @BeforeEach
    void inputs() throws IOException {
        painting = image("painting.png", 64, 48, (x, y) -> ((x + y) / 5) % 2 == 0 ? 0x963c1e : 0xebbe5a);
        object = image("object.png", 16, 16, (x, y) -> ((x / 4) + (y / 4)) % 2 == 0 ? 0xf0f0f0 : 0x2040c0);
        mask = image("mask.png", 16, 16, (x, y) -> (x - 7.5) * (x - 7.5) + (y - 7.5) * (y - 7.5) <= 49 ? 0xffffff : 0);
    }

    interface Pixel {
        int rgb(int x, int y);
    }

    private Path image(String name, int w, int h, Pixel p) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, p.rgb(x, y));
            }
        }
        Path f = dir.resolve(name);
        ImageFiles.write(img, f);
        return f;
    }

    @Test
    void benchHarmonizePrintsTimeMemoryAndTheCriteriaAndLeavesNothingBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var s = Files.list(tmp)) {
            before = s.filter(f -> f.getFileName().toString().startsWith("atelier-bench-harmonize-")).count();
        }
        CliRun r = CliRun.execute("bench", "harmonize", painting.toString(), object.toString(), "--mask", mask.toString(),
                "--at", "24,16", "--size", "64", "--max-evals", "4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("harmonize painting.png + object.png: 64x48, quality fast, 4 evaluations")
                .contains("peak RSS").contains("criteria: far max change 0")
                .containsPattern("edge correlation (-?[0-9.]+|undefined), colour ratio");
        try (var s = Files.list(tmp)) {
            assertThat(s.filter(f -> f.getFileName().toString().startsWith("atelier-bench-harmonize-")).count())
                    .as("the scratch folder is removed").isEqualTo(before);
        }
        CliRun o = CliRun.execute("bench", "harmonize", painting.toString(), object.toString(), "--mask", mask.toString(),
                "-o", dir.resolve("x.png").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("leave out -o");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void harmonizesKeepsThePaintingOutsideAndIsDeterministic() throws IOException {
        Path o1 = dir.resolve("out/a.png");
        Path o2 = dir.resolve("out/b.png");
        Path naive = dir.resolve("out/naive.png");
        String[] common = {"harmonize", painting.toString(), object.toString(), "--mask", mask.toString(),
            "--at", "24,16", "--size", "64", "--max-evals", "4"};
        CliRun a = CliRun.execute(concat(common, "-o", o1.toString(), "--naive", naive.toString()));
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err()).contains("RANDOM weights").contains("pass 1").contains("pass 2");
        assertThat(a.out()).contains("wrote " + o1).contains("criteria: far max change 0 (met)");
        JsonNode criteria = new ObjectMapper().readTree(dir.resolve("out/a.png.json").toFile()).get("metrics").get("criteria");
        assertThat(criteria.get("far_max_change_8bit").get("value").asDouble()).isZero();
        assertThat(criteria.has("all_met")).isTrue();
        CliRun b = CliRun.execute(concat(common, "-o", o2.toString()));
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(o2)).isEqualTo(Files.readAllBytes(o1));

        // far from the pasted object (beyond the loose mask's reach: 3 sigma of 2 px, plus the box), the
        // painting's pixels come out exactly; the object's centre has changed from the naive composite
        BufferedImage p = ImageFiles.read(painting);
        BufferedImage r = ImageFiles.read(o1);
        BufferedImage n = ImageFiles.read(naive);
        int same = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                boolean far = x < 24 - 8 || x >= 40 + 8 || y < 16 - 8 || y >= 32 + 8;
                if (far) {
                    assertThat(r.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(p.getRGB(x, y));
                    same++;
                }
            }
        }
        assertThat(same).isGreaterThan(64 * 48 / 2);
        int changed = 0;
        for (int y = 20; y < 28; y++) {
            for (int x = 28; x < 36; x++) {
                changed += r.getRGB(x, y) != n.getRGB(x, y) ? 1 : 0;
            }
        }
        assertThat(changed).isGreaterThan(0);

        JsonNode side = new ObjectMapper().readTree(dir.resolve("out/a.png.json").toFile());
        assertThat(side.at("/weights/random").asBoolean()).isTrue();
        assertThat(side.at("/passes").size()).isEqualTo(2);
        assertThat(side.at("/metrics/naive_composite/gram/relu1_1").asDouble()).isPositive();
        assertThat(side.at("/metrics/result/content_relu4_1").isNumber()).isTrue();
        assertThat(side.at("/settings/level").asDouble()).isEqualTo(5.0);
    }

    @Test
    void coarseToFineWritesThePreviewAndSnapshots() throws IOException {
        Path o = dir.resolve("ladder/out.png");
        Path preview = dir.resolve("ladder/preview.png");
        CliRun r = CliRun.execute("harmonize", painting.toString(), object.toString(), "--mask", mask.toString(),
                "--at", "24,16", "--size", "64", "--max-evals", "8", "--scales", "48,64", "--preview",
                preview.toString(), "--save-every", "3", "-o", o.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("scale 1/2 48x36 pass 1").contains("scale 2/2 64x48 pass 2")
                .contains("preview " + preview);
        // the preview is the coarse scale's result, the output the fine one's
        assertThat(ImageFiles.read(preview).getWidth()).isEqualTo(48);
        assertThat(ImageFiles.read(o).getWidth()).isEqualTo(64);
        // 8 evaluations split 5 + 3 (ScaleLadder: shares 1 : 0.6), a snapshot every 3: the 3rd is at the coarse
        // scale, the 6th at the fine one
        assertThat(ImageFiles.read(dir.resolve("ladder/out.0003.png")).getWidth()).isEqualTo(48);
        assertThat(ImageFiles.read(dir.resolve("ladder/out.0006.png")).getWidth()).isEqualTo(64);
        assertThat(dir.resolve("ladder/out.0009.png")).doesNotExist();
        JsonNode side = new ObjectMapper().readTree(dir.resolve("ladder/out.png.json").toFile());
        assertThat(side.at("/scales/long_sides").toString()).isEqualTo("[48,64]");
        assertThat(side.at("/scales/evaluations").toString()).isEqualTo("[5,3]");
        assertThat(side.at("/passes").size()).isEqualTo(4);
        assertThat(side.at("/passes/3/scale").asInt()).isEqualTo(1);
        assertThat(side.at("/passes/3/width").asInt()).isEqualTo(64);
    }

    @Test
    void aReadyCompositeWithAPaintingSizedMask() throws IOException {
        Path bigMask = image("big-mask.png", 64, 48, (x, y) -> x > 20 && x < 40 && y > 10 && y < 30 ? 0xffffff : 0);
        Path o = dir.resolve("c.png");
        CliRun r = CliRun.execute("harmonize", painting.toString(), "--composite", painting.toString(), "--mask",
                bigMask.toString(), "--size", "64", "--max-evals", "2", "-o", o.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(o).isRegularFile();
    }

    @Test
    void badInputsGetOneLineAndExitTwo() throws IOException {
        Path wrongSize = image("wrong.png", 15, 16, (x, y) -> 0xffffff);
        Path empty = image("empty.png", 16, 16, (x, y) -> 0);
        Path o = dir.resolve("o.png");
        String p = painting.toString();
        String obj = object.toString();
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", wrongSize.toString(), "-o", o.toString()),
                "mask is 15x16 but the object is 16x16");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", empty.toString(), "-o", o.toString()),
                "mask is empty");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--at", "64,0", "-o",
                o.toString()), "outside the 64x48 painting");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--at", "-20,-20", "-o",
                o.toString()), "outside the 64x48 painting");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--at", "3", "-o",
                o.toString()), "--at takes X,Y");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--scale", "-1", "-o",
                o.toString()), "--scale");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--size", "5", "-o",
                o.toString()), "--size");
        assertOneLine(CliRun.execute("harmonize", p, "--composite", obj, "--mask", mask.toString(), "-o",
                o.toString()), "composite is 16x16");
        assertOneLine(CliRun.execute("harmonize", p, "--mask", mask.toString(), "-o", o.toString()),
                "give the object");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "-o", p), "refusing to overwrite");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--size", "64", "--scales", "32,48",
                "-o", o.toString()), "--scales");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--save-every", "-1",
                "-o", o.toString()), "--save-every");
        assertOneLine(CliRun.execute("harmonize", p, obj, "--mask", mask.toString(), "--preview", p,
                "-o", o.toString()), "refusing to overwrite");
        assertOneLine(CliRun.execute("harmonize", p, dir.resolve("missing.png").toString(), "--mask",
                mask.toString(), "-o", o.toString()), "missing.png");
        assertThat(o).doesNotExist();
        assertThat(dir.resolve("o.png.json")).doesNotExist();
    }

    private static void assertOneLine(CliRun r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines[0]).startsWith("atelier: ").contains(fragment);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
