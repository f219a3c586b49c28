package dev.atelier.cli.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.cli.train.FashionMnistDataOptions;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.gan.GanCheckpoint;
import dev.atelier.gan.GanConfig;
import dev.atelier.gan.GanLoss;
import dev.atelier.gan.GanTrainer;
import dev.atelier.gan.GrowthPlan;
import dev.atelier.gan.ProgressiveData;
import dev.atelier.gan.SampleGrid;
import dev.atelier.train.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier gan train fashion-mnist}: grows a GAN along a phases file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a progressive GAN on Fashion-MNIST (28x28 padded to 32x32).",
            "The phases file names each phase's resolution as its data (4px, 8px, 16px, 32px) and schedules the"
                    + " fade-in as the phase value fadeIn; see docs/gan.md. Default: examples/phases/gan-progressive.json."})
public final class GanTrainCommand extends GanSubcommand {
    @Parameters(index = "0", paramLabel = "DATASET", description = "fashion-mnist")
    String datasetName;

    @Mixin
    FashionMnistDataOptions dataset;

    @Option(names = "--phases", paramLabel = "FILE", description = "Phases file of the growth (default: the built-in progressive plan).")
    Path phases;

    @Option(names = {"-o", "--output"}, paramLabel = "CKPT", required = true, description = "Checkpoint to write (atomically, every --checkpoint-every iterations and at the end).")
    Path output;

    @Option(names = "--resume", paramLabel = "CKPT", description = "Continue a run exactly from its checkpoint (same phases file).")
    Path resume;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the networks, the data order and the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "500", description = "Write a grid of 64 samples of the weight average every N iterations (default: ${DEFAULT-VALUE}; 0 = only at the end of each resolution).")
    long sampleEvery;

    @Option(names = "--samples", paramLabel = "DIR", description = "Folder for the sample grids (default: next to the checkpoint, <name>-samples).")
    Path samples;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "500", description = "Write the checkpoint every N iterations (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--max-minutes", paramLabel = "M", description = "Stop after M minutes of wall time, writing the checkpoint (resume later with --resume).")
    Double maxMinutes;

    @Option(names = "--loss", paramLabel = "LOSS", description = "r1 (default: non-saturating logistic loss with a lazy"
            + " R1 penalty, gamma 1 every 4 iterations) or wgan-gp (the paper's: WGAN-GP, lambda 10, with the drift term"
            + " 0.001*D(real)^2). A resumed run keeps its checkpoint's.")
    String loss;

    @Option(names = "--ema-decay", paramLabel = "BETA", description = "Decay of the moving average of the generator's"
            + " weights, applied after every iteration, in [0, 1) (default: 0.999, the paper's; 0 = the raw weights)."
            + " gan sample and gan score use the average once it has warmed up (--weights auto: decay^n <= 0.05, n the"
            + " iterations the newest layers trained), or as --weights says. A resumed run keeps its checkpoint's.")
    Double emaDecay;

    @Option(names = "--fade-reals", negatable = true, description = "While a resolution fades in with alpha, show D"
            + " lerp(upsample(downsample(real)), real, alpha) instead of the sharp reals, as the paper (default: on)."
            + " A resumed run keeps its checkpoint's.")
    Boolean fadeReals;

    @Option(names = "--reset-adam", negatable = true, description = "Zero both networks' Adam state when the layers in"
            + " use change, at the start and at the end of each fade-in, as the paper (default: on). A resumed run keeps"
            + " its checkpoint's.")
    Boolean resetAdam;

    @Override
    void run(PrintWriter out) throws Exception {
        if (!"fashion-mnist".equals(datasetName)) {
            throw new InvalidInputException("unknown dataset '" + datasetName + "' (expected fashion-mnist)");
        }
        if (sampleEvery < 0 || checkpointEvery < 1) {
            throw new InvalidInputException("--sample-every must be ≥ 0 and --checkpoint-every ≥ 1");
        }
        if (maxMinutes != null && !(maxMinutes > 0 && Double.isFinite(maxMinutes))) {
            throw new InvalidInputException("--max-minutes must be a positive number, got " + maxMinutes);
        }
        GanLoss chosenLoss = null;
        if (loss != null) {
            try {
                chosenLoss = GanLoss.of(loss);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--loss must be one of " + GanLoss.known() + ", got '" + loss + "'");
            }
        }
        if (emaDecay != null && !(emaDecay >= 0 && emaDecay < 1)) {
            throw new InvalidInputException("--ema-decay must be in [0, 1), got " + emaDecay);
        }
        dataset.check();
        List<Path> inputs = new ArrayList<>();
        if (phases != null) {
            inputs.add(phases);
        }
        if (resume != null) {
            inputs.add(resume);
        }
        OutputLocation.check(output, inputs);
        Path sampleDir = samples != null ? samples : output.toAbsolutePath().resolveSibling(
                output.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-samples");
        GanPhases growth = GanPhases.load(phases);
        GanCheckpoint.Contents resumed = resume == null ? null : GanCheckpoint.read(resume);
        Path dir = dataset.locate(out);
        GanConfig config;
        if (resumed != null) {
            config = resumed.header().config();
            requireKept("--loss", chosenLoss, config.loss());
            requireKept("--ema-decay", emaDecay, config.emaDecay());
            requireKept("--fade-reals", fadeReals, config.fadeReals());
            requireKept("--reset-adam", resetAdam, config.resetOptimizer());
        } else {
            config = GanConfig.DEFAULT;
            if (chosenLoss != null) {
                config = config.withLoss(chosenLoss);
            }
            if (emaDecay != null) {
                config = config.withEmaDecay(emaDecay);
            }
            if (fadeReals != null) {
                config = config.withFadeReals(fadeReals);
            }
            if (resetAdam != null) {
                config = config.withResetOptimizer(resetAdam);
            }
        }
        long runSeed = resumed != null ? resumed.header().seed() : seed;
        ProgressiveData data = new ProgressiveData(FashionMnist.load(dir, FashionMnist.Split.TRAIN), config.batchSize(), runSeed);
        GrowthPlan plan = growth.plan(data.batchesPerEpoch());
        if (resumed != null && !resumed.header().fingerprint().equals(plan.schedule().fingerprint())) {
            throw new InvalidInputException(resume + " was trained with other phases; resume with the phases file it was"
                    + " started with");
        }
        if (resumed != null) {
            resumed.requireOn(plan); // before the progress bar: an iteration past the end is one line, not -84 %
        }
        long total = plan.schedule().totalIterations();
        try (NDManager manager = ActiveDevice.newManager();
                GanTrainer trainer = new GanTrainer(config, plan, data, runSeed, manager)) {
            if (resumed != null) {
                resumed.restoreInto(trainer, manager);
                out.printf(Locale.ROOT, "resuming %s at iteration %d of %d%n", resume, trainer.iteration(), total);
            }
            out.printf(Locale.ROOT, "GAN: %s; G %,d + D %,d parameters; %d iterations (%s); samples in %s%n", config,
                    trainer.generator().parameters().count(), trainer.discriminator().parameters().count(), total,
                    growth.source(), sampleDir);
            out.flush();
            NDArray fixed = GanTrainer.latents(manager, 64, config.latentSize(), runSeed ^ 0x5EED);
            long start = System.nanoTime();
            long first = trainer.iteration();
            boolean stoppedEarly = false;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("gan").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500).build()) {
                bar.stepTo(trainer.iteration());
                while (!trainer.finished()) {
                    GanTrainer.StepLosses l = trainer.step();
                    bar.stepTo(trainer.iteration());
                    bar.setExtraMessage(String.format(Locale.ROOT, " %dpx a=%.2f D %.3f G %.3f",
                            l.step().resolution(), l.step().alpha(), l.discriminator(), l.generator()));
                    long it = trainer.iteration();
                    boolean resolutionEnds = trainer.finished()
                            || !plan.at(it).data().equals(l.step().data());
                    if ((sampleEvery > 0 && it % sampleEvery == 0) || resolutionEnds) {
                        try (NDManager scope = manager.newSubManager()) {
                            NDArray images = trainer.generate(fixed);
                            images.attach(scope);
                            SampleGrid.write(images, 32, sampleDir.resolve(String.format(Locale.ROOT, "iter-%06d-%dpx%s.png",
                                    it, l.step().resolution(), resolutionEnds ? "-end" : "")));
                        }
                    }
                    if (it % checkpointEvery == 0) {
                        GanCheckpoint.write(output, trainer, growth.json());
                    }
                    if (maxMinutes != null && (System.nanoTime() - start) / 6e10 >= maxMinutes) {
                        stoppedEarly = !trainer.finished();
                        break;
                    }
                }
            }
            GanCheckpoint.write(output, trainer, growth.json());
            double seconds = (System.nanoTime() - start) / 1e9;
            long done = trainer.iteration() - first;
            out.printf(Locale.ROOT, "%s after %d iterations in %.1f s (%.3f s/iteration); checkpoint %s%n",
                    stoppedEarly ? "stopped (--max-minutes)" : "done", done, seconds, done == 0 ? 0 : seconds / done,
                    Objects.requireNonNull(output));
        }
    }

    /** A resumed run continues exactly: an option given again must repeat the checkpoint's value. */
    private void requireKept(String option, Object given, Object stored) {
        if (given != null && !given.equals(stored)) {
            String shown = stored instanceof Boolean b ? (b ? option : option.replace("--", "--no-")) : option + " " + stored;
            throw new InvalidInputException(resume + " was trained with " + shown + "; a resumed run keeps its options"
                    + " (drop " + option + ", or start a new run)");
        }
    }
}
