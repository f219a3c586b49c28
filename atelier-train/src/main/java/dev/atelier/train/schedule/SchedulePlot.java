package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.train.optim.HyperParameters;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a schedule as fastai's {@code sched.plot_lr()} did: learning rate (one line per layer group)
 * and momentum (right axis) against the iteration, with dashed lines at phase boundaries and each
 * phase labelled with its optimizer (and dataset, if it names one). PNG via XChart's bitmap encoder,
 * SVG via VectorGraphics2D; files are written atomically.
 *
 * <pre>{@code
 * SchedulePlot.builder().optMomentum(false).build().write(schedule, Path.of("lr.svg"));
 * }</pre>
 */
public final class SchedulePlot {
    /** Beyond this many points per phase the curve is sampled: a plot is ~1000 pixels wide anyway. */
    private static final int MAX_POINTS_PER_PHASE = 2000;
    private static final Color[] LR_COLORS = {
        new Color(31, 119, 180), new Color(44, 160, 44), new Color(148, 103, 189), new Color(23, 190, 207),
        new Color(140, 86, 75), new Color(127, 127, 127)};
    /** Width in pixels of a plot whose size is not given. */
    public static final int DEFAULT_WIDTH = 900;
    /** Height in pixels of a plot whose size is not given. */
    public static final int DEFAULT_HEIGHT = 450;

    private static final Color MOMENTUM_COLOR = new Color(255, 127, 14);
    private static final Color[] NAMED_COLORS = {new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75)};

    private final boolean showMomentum;
    private final boolean showLabels;
    private final int width;
    private final int height;
    private final String title;

    private SchedulePlot(Builder b) {
        this.showMomentum = b.showMomentum;
        this.showLabels = b.showLabels;
        this.width = b.width;
        this.height = b.height;
        this.title = b.title;
    }

    /** A builder with every option at its default: momentum and labels shown, 900×450 pixels. */
    public static Builder builder() {
        return new Builder();
    }

    /** The chart of a planned schedule, for callers that want to restyle or show it. */
    public XYChart chart(TrainingSchedule schedule) {
        List<Mark> marks = new ArrayList<>();
        for (CompiledPhase p : schedule.phases()) {
            marks.add(new Mark(p.startIteration(), p.startIteration() + p.iterations() / 2.0, label(p)));
        }
        return chart(sample(schedule), schedule.layerGroups(), schedule.totalIterations(), marks,
                momentumName(schedule));
    }

    /**
     * The chart of what a run used, batch by batch ({@link RecordedCurves}): the same plot as
     * {@link #chart(TrainingSchedule)}, so what ran can be laid next to what was planned.
     */
    public XYChart chart(RecordedCurves run) {
        Curves c = new Curves(run.size(), run.layerGroups());
        for (int i = 0; i < run.size(); i++) {
            c.x[i] = run.iterations()[i];
            c.momentum[i] = run.momentum()[i];
            for (int g = 0; g < run.layerGroups(); g++) {
                c.lr[g][i] = run.lr()[g][i];
            }
        }
        List<Mark> marks = new ArrayList<>();
        int[] phase = run.phases();
        int first = 0;
        for (int i = 1; i <= phase.length; i++) {
            if (i == phase.length || phase[i] != phase[first]) {
                double start = run.iterations()[first];
                double end = i == phase.length ? run.iterations()[i - 1] + 1 : run.iterations()[i];
                marks.add(new Mark(start, (start + end) / 2, "phase " + phase[first]));
                first = i;
            }
        }
        long end = run.size() == 0 ? 1 : run.iterations()[run.size() - 1] + 1;
        return chart(c, run.layerGroups(), end, marks, "momentum / beta1");
    }

    /** A phase boundary at {@code start}, its label centred at {@code middle}. */
    private record Mark(double start, double middle, String label) {}

    private XYChart chart(Curves c, int groups, long totalIterations, List<Mark> marks, String momentumName) {
        ensureHeadless();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("iteration").yAxisTitle("learning rate").build();
        Styler st = chart.getStyler();
        st.setMarkerSize(0);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setAnnotationLineColor(new Color(120, 120, 120));
        st.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f));
        st.setAnnotationTextFontColor(new Color(60, 60, 60));
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) totalIterations);
        chart.getStyler().setXAxisLabelRotation(45);

        double maxLr = 0;
        for (int g = 0; g < groups; g++) {
            String name = groups == 1 ? "lr" : "lr group " + g;
            XYSeries s = chart.addSeries(name, c.x, c.lr[g]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(LR_COLORS[g % LR_COLORS.length]);
            s.setLineWidth(1.8f);
            for (double v : c.lr[g]) {
                maxLr = Math.max(maxLr, v);
            }
        }
        // Headroom for the phase labels, kept with labels off too so both plots share a scale.
        double top = maxLr > 0 ? maxLr * 1.15 : 1;
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMax(0, top);
        chart.getStyler().putYAxisGroupDecimalPatternMap(0, maxLr >= 1e-3 ? "0.0####" : "0.0##E0");
        if (showMomentum) {
            XYSeries m = chart.addSeries(momentumName, c.x, c.momentum);
            m.setMarker(SeriesMarkers.NONE);
            m.setLineColor(MOMENTUM_COLOR);
            m.setLineWidth(1.4f);
            m.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, momentumName);
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.00");
        }
        int colour = 0;
        for (Map.Entry<String, double[]> e : c.named.entrySet()) {
            // named values (a fade-in α in [0, 1]) share the right-hand axis with momentum
            XYSeries v = chart.addSeries(e.getKey(), c.x, e.getValue());
            v.setMarker(SeriesMarkers.NONE);
            v.setLineColor(NAMED_COLORS[colour++ % NAMED_COLORS.length]);
            v.setLineWidth(1.6f);
            v.setYAxisGroup(1);
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.00");
        }
        if (!c.named.isEmpty()) {
            chart.setYAxisGroupTitle(1, (showMomentum ? momentumName + " / " : "") + String.join(" / ", c.named.keySet()));
        }
        for (Mark mark : marks) {
            if (mark.start() > 0) {
                chart.addAnnotation(new AnnotationLine(mark.start(), true, false));
            }
            if (showLabels) {
                chart.addAnnotation(new AnnotationText(mark.label(), mark.middle(), maxLr * 1.08, false));
            }
        }
        return chart;
    }

    /** Writes the chart of a run to a PNG or SVG chosen by {@code file}'s extension, atomically. */
    public void write(RecordedCurves run, Path file) throws IOException {
        write(chart(run), file);
    }

    /** Writes a PNG or SVG, chosen by {@code file}'s extension ({@code .png} or {@code .svg}). */
    public void write(TrainingSchedule schedule, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            writeSvg(schedule, file);
        } else if (name.endsWith(".png")) {
            writePng(schedule, file);
        } else {
            throw new InvalidInputException("plot file must end in .png or .svg: " + file);
        }
    }

    private static void write(XYChart chart, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else if (name.endsWith(".png")) {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } else {
            throw new InvalidInputException("plot file must end in .png or .svg: " + file);
        }
    }

    /** Writes a PNG image to {@code file}, atomically. */
    public void writePng(TrainingSchedule schedule, Path file) throws IOException {
        XYChart chart = chart(schedule);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Writes an SVG image to {@code file}, atomically. */
    public void writeSvg(TrainingSchedule schedule, Path file) throws IOException {
        XYChart chart = chart(schedule);
        AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    private static String label(CompiledPhase p) {
        String opt = p.phase().optimizerLabel();
        return TrainingPhase.DEFAULT_DATA.equals(p.data()) ? opt : opt + " · " + p.data();
    }

    private static String momentumName(TrainingSchedule schedule) {
        boolean adam = schedule.phases().stream().anyMatch(p -> p.phase().optimizer().isAdamType());
        boolean other = schedule.phases().stream().anyMatch(p -> !p.phase().optimizer().isAdamType());
        return adam && other ? "momentum / beta1" : adam ? "beta1" : "momentum";
    }

    /** Points of every curve: each phase from its first batch to its end value, so jumps are vertical. */
    private static Curves sample(TrainingSchedule schedule) {
        List<Double> xs = new ArrayList<>();
        List<double[]> lrs = new ArrayList<>();
        List<Double> moms = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        schedule.phases().forEach(p -> names.addAll(p.phase().values().keySet()));
        Map<String, List<Double>> named = new TreeMap<>();
        names.forEach(name -> named.put(name, new ArrayList<>()));
        for (CompiledPhase p : schedule.phases()) {
            long n = p.iterations();
            long stride = Math.max(1, n / MAX_POINTS_PER_PHASE);
            for (long k = 0; k <= n; k += stride) {
                add(p, k, xs, lrs, moms, named);
            }
            if (n % stride != 0) {
                add(p, n, xs, lrs, moms, named);
            }
        }
        int groups = schedule.layerGroups();
        Curves c = new Curves(xs.size(), groups);
        named.forEach((name, ys) -> c.named.put(name, ys.stream().mapToDouble(Double::doubleValue).toArray()));
        for (int i = 0; i < xs.size(); i++) {
            c.x[i] = xs.get(i);
            c.momentum[i] = moms.get(i);
            for (int g = 0; g < groups; g++) {
                c.lr[g][i] = lrs.get(i)[g];
            }
        }
        return c;
    }

    private static void add(CompiledPhase p, long k, List<Double> xs, List<double[]> lrs, List<Double> moms,
            Map<String, List<Double>> named) {
        HyperParameters hp = p.valueAt(k);
        xs.add((double) (p.startIteration() + k));
        lrs.add(hp.lr());
        moms.add(hp.momentum());
        named.forEach((name, ys) -> {
            ScheduledValue v = p.phase().values().get(name);
            ys.add(v == null ? Double.NaN : v.at((double) k / p.iterations()));
        });
    }

    private static void ensureHeadless() {
        // Plots are drawn into images, never on screen; without this a server with no display
        // can fail to load AWT's font machinery.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final class Curves {
        final double[] x;
        final double[][] lr;
        final double[] momentum;
        /** Named phase values (a GAN's fade-in, say), NaN where a phase does not set one. */
        final Map<String, double[]> named = new TreeMap<>();

        Curves(int n, int groups) {
            x = new double[n];
            lr = new double[groups][n];
            momentum = new double[n];
        }
    }

    /** Options of a {@link SchedulePlot}, DJL style: every setting optional. */
    public static final class Builder {
        private boolean showMomentum = true;
        private boolean showLabels = true;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;
        private String title = "Training schedule";

        private Builder() {}

        /** Whether to draw the momentum (β1) curve on a right-hand axis; default true. */
        public Builder optMomentum(boolean value) {
            showMomentum = value;
            return this;
        }

        /** Whether to label each phase with its optimizer; default true. */
        public Builder optLabels(boolean value) {
            showLabels = value;
            return this;
        }

        /** Image size in pixels; default 900×450. */
        public Builder optSize(int widthPixels, int heightPixels) {
            if (widthPixels < 100 || heightPixels < 100 || widthPixels > 10000 || heightPixels > 10000) {
                throw new InvalidInputException("plot size must be between 100 and 10000 pixels, got "
                        + widthPixels + "x" + heightPixels);
            }
            width = widthPixels;
            height = heightPixels;
            return this;
        }

        /** Chart title; default "Training schedule". */
        public Builder optTitle(String value) {
            title = value;
            return this;
        }

        public SchedulePlot build() {
            return new SchedulePlot(this);
        }
    }
}
