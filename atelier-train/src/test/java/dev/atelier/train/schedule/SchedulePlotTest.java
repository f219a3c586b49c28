package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.train.optim.OptimizerKind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulePlotTest {
    private static final TrainingSchedule ONE_CYCLE =
            TrainingSchedule.compile(new ScheduleSpec.OneCycle(1e-2, 3, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0, GroupLearningRates.SAME).toPhases(), 782, 1);

    @Test
    void writesAPngWithTheLrAndMomentumCurves(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("one-cycle.png");
        SchedulePlot.builder().optSize(800, 400).build().writePng(ONE_CYCLE, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(400);
        assertThat(countPixels(img, LR_BLUE)).as("lr line pixels").isGreaterThan(500);
        assertThat(countPixels(img, MOMENTUM_ORANGE)).as("momentum line pixels").isGreaterThan(500);
        assertThat(Files.list(dir)).as("no temporary file left behind").containsExactly(png);
        copyForInspection(png);
    }

    @Test
    void momentumCanBeHidden(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("lr-only.png");
        SchedulePlot.builder().optMomentum(false).optLabels(false).build().writePng(ONE_CYCLE, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(countPixels(img, LR_BLUE)).isGreaterThan(500);
        assertThat(countPixels(img, MOMENTUM_ORANGE)).isZero();
    }

    @Test
    void writesAnSvgWithEveryLayerGroupAndDashedPhaseBoundaries(@TempDir Path dir) throws Exception {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.epochs(1).lr(1e-2).groupRatio(3),
                TrainingPhase.epochs(1).optimizer(OptimizerKind.ADAM).lr(1e-2, DecayType.COSINE).data("28px")), 100, 3);
        Path svg = dir.resolve("groups.svg");
        SchedulePlot.builder().build().write(s, svg);
        Document doc = parseWithoutDtd(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo("900px");
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        for (String colour : List.of("rgb(31,119,180)", "rgb(44,160,44)", "rgb(148,103,189)", "rgb(255,127,14)")) {
            assertThat(text).as("a line in %s", colour).contains("stroke:" + colour);
        }
        assertThat(text).as("dashed boundary").contains("stroke-dasharray");
        copyForInspection(svg);
        SchedulePlot.builder().build().write(s, dir.resolve("groups.png"));
        copyForInspection(dir.resolve("groups.png"));
    }

    @Test
    void labelsAddTextToThePlot(@TempDir Path dir) throws Exception {
        TrainingSchedule s = TrainingSchedule.compile(List.of(TrainingPhase.iterations(10).lr(1)), 1, 1);
        Path with = dir.resolve("with.svg");
        Path without = dir.resolve("without.svg");
        SchedulePlot.builder().build().writeSvg(s, with);
        SchedulePlot.builder().optLabels(false).build().writeSvg(s, without);
        // XChart draws text as glyph outlines: the label is one more filled path.
        assertThat(parseWithoutDtd(with).getElementsByTagName("path").getLength())
                .isGreaterThan(parseWithoutDtd(without).getElementsByTagName("path").getLength());
    }

    private static Document parseWithoutDtd(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    private static final int[] LR_BLUE = {31, 119, 180};
    private static final int[] MOMENTUM_ORANGE = {255, 127, 14};

    private static long countPixels(BufferedImage img, int[] rgbWanted) {
        int r = rgbWanted[0];
        int g = rgbWanted[1];
        int b = rgbWanted[2];
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 255) - r) < 8 && Math.abs(((rgb >> 8) & 255) - g) < 8
                        && Math.abs((rgb & 255) - b) < 8) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Keeps a copy for a human to look at when the environment variable ATELIER_PLOT_DIR is set. */
    private static void copyForInspection(Path file) throws IOException {
        String dir = System.getenv("ATELIER_PLOT_DIR");
        if (dir != null) {
            Files.copy(file, Path.of(dir).resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
