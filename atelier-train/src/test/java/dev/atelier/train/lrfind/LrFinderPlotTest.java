package dev.atelier.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrFinderPlotTest {
    @TempDir Path dir;

    private static LrFinderResult curve() {
        double[] losses = new double[40];
        for (int k = 0; k < losses.length; k++) {
            double x = k / 39.0;
            losses[k] = 2 - 1.5 * Math.sin(Math.PI * x * 0.8) + (k == 39 ? Double.NaN : 0);
        }
        return LrFinder.builder()
                .setSchedule(new LrRangeSchedule(1e-6, 1, 40, LrRangeMode.EXPONENTIAL))
                .optStopDiv(StopDiv.never())
                .build()
                .run((k, lr) -> losses[k]);
    }

    @Test
    void writesPngWithRequestedSizeAndNoLeftoverTemporaryFile() throws Exception {
        LrFinderResult r = curve();
        assertThat(r.stopReason()).isEqualTo(StopReason.NON_FINITE);
        Path png = dir.resolve("lr.png");
        new LrFinderPlot(r).optSize(640, 400).write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(400);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("lr.png");
        }
    }

    @Test
    void svgIsAWellFormedSvgDocumentOfTheRequestedSize() throws Exception {
        Path svg = dir.resolve("lr.svg");
        new LrFinderPlot(curve()).optSize(640, 400).write(svg);
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 640 400");
    }

    @Test
    void everySuggestionIsAMarkedPointNamedWithItsLearningRate() {
        LrFinderResult r = curve();
        assertThat(r.suggestions()).hasSize(3);
        var series = new LrFinderPlot(r).chart().getSeriesMap();
        for (LrSuggestion s : r.suggestions()) {
            String name = String.format(java.util.Locale.ROOT, "%s: %.2e", s.name(), s.lr());
            assertThat(series).containsKey(name);
            assertThat(series.get(name).getXData()).containsExactly(s.markerLr());
            assertThat(series.get(name).getYData()).containsExactly(s.markerLoss());
        }
    }

    @Test
    void logAxisByDefaultLinearOnRequest() {
        LrFinderResult r = curve();
        assertThat(new LrFinderPlot(r).chart().getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(new LrFinderPlot(r).optLinearX(true).chart().getStyler().isXAxisLogarithmic()).isFalse();
        assertThat(new LrFinderPlot(r).chart().getSeriesMap().keySet())
                .contains("smoothed loss")
                .hasSize(1 + r.suggestions().size());
        assertThat(List.of(LrFinderPlot.Format.of(Path.of("a.SVG")), LrFinderPlot.Format.of(Path.of("a.png"))))
                .containsExactly(LrFinderPlot.Format.SVG, LrFinderPlot.Format.PNG);
    }
}
