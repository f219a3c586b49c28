package dev.atelier.train.lrfind;

import dev.atelier.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss against learning rate for a range test: the smoothed loss as a line, each suggestion as a
 * marked point named in the legend. Log x axis by default (the lesson's {@code plot()}), linear with
 * {@link #optLinearX} (the lesson's {@code plot(linear=True)}).
 */
public final class LrFinderPlot {
    /** Output file formats. */
    public enum Format {
        PNG,
        SVG;

        /** The format a file name asks for: {@code .svg} is SVG, anything else PNG. */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg") ? SVG : PNG;
        }
    }

    private static final Color[] MARKER_COLORS = {
        new Color(0xD6, 0x27, 0x28), new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E)
    };

    private final LrFinderResult result;
    private boolean linearX;
    private boolean showRaw;
    private int width = 800;
    private int height = 500;

    public LrFinderPlot(LrFinderResult result) {
        this.result = result;
    }

    /** Linear learning-rate axis instead of the default log axis. */
    public LrFinderPlot optLinearX(boolean linearX) {
        this.linearX = linearX;
        return this;
    }

    /** Also draw the raw (unsmoothed) batch losses, faintly. */
    public LrFinderPlot optShowRaw(boolean showRaw) {
        this.showRaw = showRaw;
        return this;
    }

    public LrFinderPlot optSize(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** Builds the chart (exposed so callers can restyle it). */
    public XYChart chart() {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title("Learning-rate range test")
                .xAxisTitle(linearX ? "learning rate" : "learning rate (log scale)")
                .yAxisTitle("loss (smoothed)")
                .build();
        chart.getStyler().setXAxisLogarithmic(!linearX);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern(linearX ? null : "0.0E0");
        double[] lrs = result.lrs();
        if (showRaw) {
            addLine(chart, "raw loss", lrs, result.losses(), new Color(0, 0, 0, 60));
        }
        addLine(chart, "smoothed loss", lrs, result.smoothedLosses(), new Color(0x1F, 0x77, 0xB4));
        int c = 0;
        for (LrSuggestion s : result.suggestions()) {
            XYSeries point = chart.addSeries(
                    String.format(Locale.ROOT, "%s: %.2e", s.name(), s.lr()),
                    new double[] {s.markerLr()},
                    new double[] {s.markerLoss()});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.CIRCLE);
            point.setMarkerColor(MARKER_COLORS[c++ % MARKER_COLORS.length]);
        }
        chart.getStyler().setMarkerSize(10);
        return chart;
    }

    private static void addLine(XYChart chart, String name, double[] x, double[] y, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) { // a diverged last point would break the axis range
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(2f));
    }

    /** Writes the plot atomically; {@code .svg} files are SVG, others PNG. */
    public void write(Path file) throws IOException {
        write(file, Format.of(file));
    }

    /** Writes the plot atomically in the given format. */
    public void write(Path file, Format format) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = chart();
        AtomicFiles.write(file, out -> {
            switch (format) {
                case PNG -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                case SVG -> VectorGraphicsEncoder.saveVectorGraphic(
                        chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        });
    }
}
