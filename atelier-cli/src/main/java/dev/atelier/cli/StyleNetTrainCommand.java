package dev.atelier.cli;

import dev.atelier.commands.SettingOptions;
import dev.atelier.core.device.ActiveDevice;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferPreparation;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.engine.VggFeatureExtractor;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.stylenet.PhotoCrops;
import dev.atelier.stylenet.StyleNetArchitecture;
import dev.atelier.stylenet.StyleNetFile;
import dev.atelier.stylenet.StyleNetLoss;
import dev.atelier.stylenet.StyleNetTrainer;
import dev.atelier.stylenet.StyleNetTraining;
import dev.atelier.train.learner.FitResult;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.TrainingPhase;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier style-net train STYLE --photos DIR -o NET}: trains a style network through the Learner. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a style network for one style picture on a folder of photos (square crops).",
            "Loss: stylize's content + Gram style + TV terms for the recipe; schedule: 1cycle with Adam, the first",
            "phase on half-size crops (progressive resizing). Ctrl-C keeps the last checkpoint and writes the network.",
            "Example: atelier style-net train examples/style/hokusai-great-wave.jpg --photos examples/content -o wave.stylenet"})
public final class StyleNetTrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STYLE", description = "The style picture.")
    Path style;

    @Option(names = "--photos", required = true, paramLabel = "DIR", description = "Folder of training photos (JPEG/PNG).")
    Path photos;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "NET",
            description = "The network file to write (.stylenet, safetensors; written at the end and on Ctrl-C).")
    Path output;

    @Option(names = "--iterations", paramLabel = "N", description = "Batches in all (default: ${DEFAULT-VALUE}).")
    long iterations = StyleNetTraining.DEFAULT_ITERATIONS;

    @Option(names = "--size", paramLabel = "PX", description = "Side of the square training crops (default: ${DEFAULT-VALUE}; the first phase uses half).")
    int size = StyleNetTraining.DEFAULT_SIZE;

    @Option(names = "--paint-size", paramLabel = "PX", description = "Size of the pictures the network is for: photos are scaled to it before the crops are cut,"
            + " and the style is matched to a picture of this side, so strokes come out as stylize paints them at this"
            + " size (default: ${DEFAULT-VALUE}; at least --size).")
    int paintSize = StyleNetTraining.DEFAULT_PAINT_SIZE;

    @Option(names = "--batch", paramLabel = "N", description = "Crops per batch (default: ${DEFAULT-VALUE}).")
    int batch = StyleNetTraining.DEFAULT_BATCH;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate of the 1cycle (Adam) (default: ${DEFAULT-VALUE}).")
    double lr = StyleNetTraining.DEFAULT_LR;

    @Option(names = "--phases", paramLabel = "FILE", description = "A phases file instead of the 1cycle (data keys: half, full; an epoch is one pass over the crops).")
    Path phases;

    @Option(names = "--width", paramLabel = "C", description = "Channels at full resolution; x2 and x4 below (default: ${DEFAULT-VALUE}; the paper's is 32).")
    int width = StyleNetArchitecture.DEFAULT.width1();

    @Option(names = "--residual-blocks", paramLabel = "N", description = "Residual blocks (default: ${DEFAULT-VALUE}).")
    int residualBlocks = StyleNetArchitecture.DEFAULT.residualBlocks();

    /**
     * The style-transfer settings this command offers, by table key: the loss is stylize's, so these options are
     * stylize's own ({@link StyleTransferSettingsTable}), added when the command line is built
     * ({@link AtelierCli#newCommandLine}) with the table's names, help, defaults and checks. The rest of the
     * table (size, evaluations, optimiser, ...) is about optimising pixels, which training does not do.
     */
    static final List<String> SETTINGS = List.of("recipe", "colors", "style_scale", "content_weight", "style_weight",
            "tv_weight");

    @Option(names = "--checkpoint", paramLabel = "CKPT", description = "Checkpoint file (default: NET.ckpt).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Write the checkpoint every N iterations (default: ${DEFAULT-VALUE}).")
    long checkpointEvery = 100;

    @Option(names = "--resume", paramLabel = "CKPT", description = "Continue exactly from a checkpoint (same photos, style and options).")
    Path resume;

    @Option(names = "--preview-every", paramLabel = "N", description = "Paint the first photo every N iterations into the previews folder (default: ${DEFAULT-VALUE}; 0 = never).")
    long previewEvery = 100;

    @Option(names = "--previews", paramLabel = "DIR", description = "Folder of the previews (default: NET-previews beside NET).")
    Path previews;

    @Option(names = "--loss-csv", paramLabel = "FILE", description = "Write the loss of every iteration here (iteration,phase,lr,loss).")
    Path lossCsv;

    @Option(names = "--seed", description = "Seed of the network, the crop order and random VGG weights (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch threads (default: every core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    WeightOptions weights;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
        if (checkpointEvery < 1 || previewEvery < 0) {
            throw new InvalidInputException("--checkpoint-every must be at least 1 and --preview-every at least 0");
        }
        // the table checks the values (one line naming the option, as stylize says it) before any file is read
        StyleTransferSettings.Builder builder = typedSettings();
        StyleTransferSettings chosen = builder.build();
        if (chosen.colorMode() == ColorMode.MATCH) {
            throw new InvalidInputException("--colors match fits one photo, not a network for every photo; use none or keep");
        }
        StyleNetArchitecture arch;
        try {
            arch = StyleNetArchitecture.ofWidth(width, residualBlocks);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--width/--residual-blocks: " + e.getMessage());
        }
        StyleNetTraining training = new StyleNetTraining(arch, size, paintSize, batch, iterations, lr, seed);
        InputFiles.requireRegularFile("style picture", style);
        List<Path> photoFiles = PhotoCrops.list(photos);
        Path ckpt = checkpoint != null ? checkpoint : output.resolveSibling(output.getFileName() + ".ckpt");
        Path previewDir = previews != null ? previews
                : output.toAbsolutePath().resolveSibling(output.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-previews");
        List<Path> inputs = new ArrayList<>(photoFiles);
        inputs.add(style);
        if (phases != null) {
            inputs.add(phases);
        }
        OutputLocation.check(output, inputs);
        OutputLocation.check(ckpt, inputs);
        if (resume != null) {
            InputFiles.requireRegularFile("checkpoint", resume);
        }
        RgbImage styleImage = RgbImage.read(style);
        List<TrainingPhase> fromFile = phases == null ? null : PhasesFile.read(phases).phases();

        Engine.getEngine("PyTorch"); // loads the native library before it is configured
        JniUtils.setNumThreads(threads);
        StyleTransferPreparation.WeightsSource source = weights.source(seed, err);
        VggArchitecture net = source.architecture().orElse(chosen.recipe().network());
        NetworkWeights vggWeights = source.load(net);
        // weights not typed are the recipe's, the style's x10 on random weights: StyleTransferSettings decides, as for stylize
        StyleTransferSettings settings = builder.optNetwork(net).optRandomWeights(vggWeights.isRandom()).build();
        StyleRecipe recipe = settings.recipe();
        out.printf(Locale.ROOT, "style net: %s; %d photos; %s recipe on %s (%s weights); %d iterations of %d crops of %d px cut from photos at %d px%n",
                arch, photoFiles.size(), recipe.id(), net.id(), vggWeights.isRandom() ? "RANDOM" : vggWeights.name(),
                iterations, batch, size, paintSize);
        out.flush();
        PhotoCrops crops = PhotoCrops.of(photoFiles, size, paintSize);
        RgbImage previewPhoto = RgbImage.read(photoFiles.get(0)).resized(paintSize, paintSize);
        StringBuilder csv = new StringBuilder("iteration,phase,lr,loss\n");
        try (NDManager manager = ActiveDevice.newManager();
                VggFeatures vgg = VggFeatures.builder().setArchitecture(net)
                        .setStateDict(vggWeights.isRandom() ? VggWeightInit.torchvision(seed).stateDict(net) : vggWeights.stateDict())
                        .optPooling(settings.pooling()).build();
                StyleNetLoss loss = new StyleNetLoss(new VggFeatureExtractor(vgg), settings, styleImage, paintSize, manager);
                StyleNetTrainer trainer = new StyleNetTrainer(training, crops, loss, manager, line -> {});
                InterruptKeepsResult interrupt = InterruptKeepsResult.install("style-net train")) {
            List<TrainingPhase> schedule = fromFile != null ? fromFile : trainer.defaultPhases();
            long total = trainer.compile(schedule).totalIterations();
            if (resume != null) {
                trainer.resume(resume);
                out.printf(Locale.ROOT, "resuming %s at iteration %d of %d%n", resume, trainer.iteration(), total);
                out.flush();
            }
            long start = System.nanoTime();
            long first = trainer.iteration();
            FitResult result;
            // the bar starts with the first batch, so a schedule refused at the start leaves only its one line
            ProgressBar[] bar = new ProgressBar[1];
            try {
                result = trainer.fit(schedule, new StyleNetTrainer.Listener() {
                    @Override
                    public void onIteration(StyleNetTrainer t, IterationRecord r, long all) {
                        long it = r.iteration() + 1;
                        if (bar[0] == null) {
                            bar[0] = new ProgressBarBuilder().setTaskName("style-net").setInitialMax(all)
                                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                                    .setUpdateIntervalMillis(500).build();
                        }
                        bar[0].stepTo(it);
                        bar[0].setExtraMessage(String.format(Locale.ROOT, " loss %.4g", r.loss()));
                        csv.append(String.format(Locale.ROOT, "%d,%d,%.6g,%.6g%n", it, r.phase() + 1, r.lr()[0], r.loss()));
                        if (it % checkpointEvery == 0 && it < all) {
                            t.saveCheckpoint(ckpt);
                        }
                        if (previewEvery > 0 && (it % previewEvery == 0 || it == all)) {
                            writePreview(t.preview(previewPhoto),
                                    previewDir.resolve(String.format(Locale.ROOT, "iter-%06d.png", it)));
                        }
                    }

                    @Override
                    public boolean stopRequested() {
                        return interrupt.flag().get();
                    }
                });
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
            trainer.saveCheckpoint(ckpt);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("style", style.getFileName().toString());
            meta.put("recipe", recipe.id());
            meta.put("vgg", net.id());
            meta.put("vgg_weights", vggWeights.isRandom() ? "random(seed=" + seed + ")" : vggWeights.name());
            meta.put("style_scale", Double.toString(settings.styleScale()));
            meta.put("crop_size", Integer.toString(size));
            meta.put("paint_size", Integer.toString(paintSize));
            meta.put("iterations", Long.toString(trainer.iteration()));
            meta.put("photos", Integer.toString(photoFiles.size()));
            StyleNetFile.write(output, trainer.network(), settings.colorMode() == ColorMode.KEEP, meta);
            if (lossCsv != null) {
                AtomicFiles.write(lossCsv, csv.toString().getBytes(StandardCharsets.UTF_8));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long done = trainer.iteration() - first;
            out.printf(Locale.ROOT, "%s after %d iterations in %.1f s (%.3f s/iteration); network %s, checkpoint %s%n",
                    result.stopped() ? "stopped" : "done", done, seconds, done == 0 ? 0 : seconds / done, output, ckpt);
            out.flush();
        }
        return 0;
    }

    /**
     * The settings typed for {@link #SETTINGS}, applied through the table to a builder with the library's
     * defaults (float32: training has no use for the front ends' machine-dependent precision); unchecked, and
     * without the network and weights, which are known only once the weights are read.
     *
     * @throws dev.atelier.core.SettingException for a value that is not of its setting's type
     */
    StyleTransferSettings.Builder typedSettings() {
        return StyleTransferSettingsTable.TABLE.apply(StyleTransferSettings.builder(),
                SettingOptions.typed(spec, StyleTransferSettingsTable.TABLE, FrontEnd.CLI, SETTINGS), FrontEnd.CLI);
    }

    private static void writePreview(RgbImage image, Path file) {
        try {
            image.write(file);
        } catch (java.io.IOException e) {
            // unchecked to pass through the Learner's callback; the message names the file and a full disk
            var named = dev.atelier.core.io.FileWriteException.of("preview", file, e);
            throw new java.io.UncheckedIOException(named.getMessage(), named);
        }
    }
}
