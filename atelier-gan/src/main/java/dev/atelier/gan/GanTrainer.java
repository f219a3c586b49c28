package dev.atelier.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.train.learner.ParameterCopy;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.optim.ParameterState;
import dev.atelier.train.optim.UpdateRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a progressive GAN one iteration at a time: one discriminator step, then one generator
 * step, both with the schedule's optimizer (Adam with β1 = 0, β2 = 0.99 in the shipped plans, the
 * paper's values) and learning rate for that iteration, at the level and fade-in α the
 * {@link GrowthPlan} gives.
 *
 * <p>Loss ({@link GanConfig#loss()}): by default the non-saturating logistic loss with an R1 penalty
 * γ/2·E‖∇ₓD(x)‖² on real images (Mescheder et al. 2018), applied every {@link GanConfig#r1Every()}
 * iterations with that factor (StyleGAN2's lazy regularisation): R1 needs the input gradient of real
 * images only (no interpolated batch, no drift term), converges locally where WGAN-GP may not, and
 * lazily it costs three extra discriminator passes one iteration in four, which matters on two CPU
 * cores. {@link GanLoss#WGAN_GP} is the paper's loss, every iteration. Both penalties need a gradient
 * of a gradient; {@link R1Penalty} and {@link WganGpPenalty} get it from first-order passes (a
 * finite-difference Hessian-vector product), because DJL's only second-order route leaks.
 *
 * <p>The paper's other parts: an exponential moving average of the generator's weights
 * ({@link #average()}, decay {@link GanConfig#emaDecay()} after every iteration, over every layer, so a
 * layer not trained yet keeps its average equal to its raw weights until it grows in); while a
 * resolution fades in, D's reals are crossfaded with their blocky version
 * ({@link Layers#crossfadeReals}, {@link GanConfig#fadeReals()}); and both networks' Adam state is
 * zeroed whenever the layers in use change ({@link #resetsOptimizerAt}, {@link GanConfig#resetOptimizer()}).
 *
 * <p>Every random number comes from {@code Random(seed, iteration, purpose)} and the data batch is a
 * function of the iteration, so a run is a pure function of (seed, schedule, state): resuming from a
 * checkpoint continues bit for bit.
 */
public final class GanTrainer implements AutoCloseable {
    /**
     * What one iteration measured: the losses, and the penalty's mean before its weight (R1:
     * {@code mean‖∇D(real)‖²}, NaN in iterations without it; WGAN-GP: {@code mean(‖∇D(x̂)‖ − 1)²}).
     */
    public record StepLosses(long iteration, GrowthPlan.Step step, double lr, double discriminator,
            double generator, double penalty) {}

    private final GanConfig config;
    private final GrowthPlan plan;
    private final ProgressiveData data;
    private final long seed;
    private final NDManager manager;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Generator average;
    private final Map<String, ParameterState> optimizer = new LinkedHashMap<>();
    private long iteration;

    /** A fresh run: networks initialised from {@code seed}. */
    public GanTrainer(GanConfig config, GrowthPlan plan, ProgressiveData data, long seed, NDManager parent) {
        this.config = config;
        this.plan = plan;
        this.data = data;
        this.seed = seed;
        this.manager = parent.newSubManager();
        this.generator = new Generator(config, manager, mix(seed, -1, 1));
        this.discriminator = new Discriminator(config, manager, mix(seed, -1, 2));
        this.average = new Generator(config, manager, mix(seed, -1, 1));
        generator.parameters().all().forEach((name, raw) -> ParameterCopy.into(average.parameters().get(name), raw));
    }

    public GanConfig config() {
        return config;
    }

    public GrowthPlan plan() {
        return plan;
    }

    public long seed() {
        return seed;
    }

    public Generator generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    /**
     * The exponential moving average of the generator's weights (the paper's {@code Gs}): after every
     * iteration {@code ema ← raw + β·(ema − raw)} for every parameter, β = {@link GanConfig#emaDecay()};
     * it starts as a copy of the raw generator.
     */
    public Generator average() {
        return average;
    }

    /** Iterations trained so far; the next step trains batch {@code iteration()}. */
    public long iteration() {
        return iteration;
    }

    public boolean finished() {
        return iteration >= plan.schedule().totalIterations();
    }

    /** Optimizer state by parameter name (G and D names never clash: they start with g and d). */
    public Map<String, ParameterState> optimizerStates() {
        return optimizer;
    }

    /** Restores the position of a checkpoint; parameters and optimizer state are put back by the caller. */
    void setIteration(long value) {
        iteration = value;
    }

    /** Optimizer state of {@code name}, created empty if absent. */
    ParameterState state(String name) {
        return optimizer.computeIfAbsent(name, n -> new ParameterState(manager));
    }

    /** Trains batch {@link #iteration()} and moves on. */
    public StepLosses step() {
        if (finished()) {
            throw new IllegalStateException("the schedule is finished");
        }
        GrowthPlan.Step s = plan.at(iteration);
        if (config.resetOptimizer() && resetsOptimizerAt(iteration)) {
            optimizer.values().forEach(ParameterState::close);
            optimizer.clear();
        }
        HyperParameters hp = plan.schedule().valueAt(iteration);
        UpdateRule rule = UpdateRule.of(hp.optimizer());
        List<String> gActive = generator.active(s.level(), s.fading());
        List<String> dActive = discriminator.active(s.level(), s.fading());
        double dLoss;
        double gLoss;
        double penalty = Double.NaN;
        boolean wgan = config.loss() == GanLoss.WGAN_GP;
        // Adam's buffers are created lazily by the updates, so updates run outside the scopes that
        // close each pass's temporaries
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray real = data.batch(manager, s.data(), s.dataBatch(), s.resolution());
            if (config.fadeReals() && s.fading()) {
                real = Layers.crossfadeReals(real, s.alpha());
            }
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss;
                if (wgan) {
                    // the penalty first, so that its first-order pass can be cleared from the parameter grads
                    NDArray fake = generator.forward(noise(1), s.level(), s.alpha()).stopGradient();
                    NDArray mixed = WganGpPenalty.interpolate(manager, real, fake, mix(seed, iteration, 3));
                    penalty = WganGpPenalty.accumulate(discriminator, dActive, mixed, s.level(), s.alpha(),
                            WganGpPenalty.LAMBDA);
                    NDArray realScore = discriminator.forward(real, s.level(), s.alpha());
                    loss = discriminator.forward(fake, s.level(), s.alpha()).mean().sub(realScore.mean())
                            .add(ScalarArithmetic.times(realScore.square().mean(), WganGpPenalty.DRIFT));
                } else {
                    // R1 first, for the same reason
                    if (config.r1Gamma() > 0 && iteration % config.r1Every() == 0) {
                        penalty = R1Penalty.accumulate(discriminator, dActive, real, s.level(), s.alpha(),
                                config.r1Gamma() * config.r1Every());
                    }
                    NDArray fake = generator.forward(noise(1), s.level(), s.alpha()).stopGradient();
                    loss = Activation.softPlus(discriminator.forward(fake, s.level(), s.alpha())).mean()
                            .add(Activation.softPlus(discriminator.forward(real, s.level(), s.alpha()).neg()).mean());
                }
                backward(loss);
                dLoss = loss.getFloat() + (wgan ? WganGpPenalty.LAMBDA * penalty : 0);
            }
        }
        update(discriminator.parameters(), dActive, rule, hp);
        zeroGradients(discriminator.parameters(), dActive);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray fake = generator.forward(noise(2), s.level(), s.alpha());
                NDArray score = discriminator.forward(fake, s.level(), s.alpha());
                NDArray loss = wgan ? score.mean().neg() : Activation.softPlus(score.neg()).mean();
                backward(loss);
                gLoss = loss.getFloat();
            }
        }
        update(generator.parameters(), gActive, rule, hp);
        zeroGradients(generator.parameters(), gActive);
        // the generator's loss went through D too; its gradients there are not used
        zeroGradients(discriminator.parameters(), dActive);
        updateAverage();
        StepLosses out = new StepLosses(iteration, s, hp.lr(0), dLoss, gLoss, penalty);
        iteration++;
        return out;
    }

    /**
     * Whether the step at {@code iteration} zeroes the optimizer state (with {@link GanConfig#resetOptimizer()}):
     * when the layers in use change from the previous iteration, i.e. the level changes (a fade-in starts,
     * or a resolution is entered without one) or a fade-in ends (α reaches 1, the previous resolution's
     * toRGB and fromRGB drop out). The paper's code resets when ⌊lod⌋ or ⌈lod⌉ changes, the same two
     * moments. A function of the plan alone, so a resumed run resets where the uninterrupted one did.
     */
    public boolean resetsOptimizerAt(long iteration) {
        if (iteration <= 0 || iteration >= plan.schedule().totalIterations()) {
            return false;
        }
        GrowthPlan.Step previous = plan.at(iteration - 1);
        GrowthPlan.Step now = plan.at(iteration);
        return now.level() != previous.level() || now.fading() != previous.fading();
    }

    /**
     * Images for latents {@code z} at the level and α of the last trained iteration (the first one before
     * training), in [−1, 1] as trained (not clipped): of the weight average ({@link #average()}, what the
     * paper's grids show) once it has warmed up for the newest layers, of the raw generator before, by the
     * rule {@code gan sample --weights auto} follows ({@link WeightChoice}); a short run's grids would
     * otherwise show the average's random start.
     */
    public NDArray generate(NDArray z) {
        GrowthPlan.Step s = plan.at(Math.max(0, Math.min(iteration, plan.schedule().totalIterations()) - 1));
        long trained = Math.max(0, iteration - plan.levelStart(s.level()));
        Generator g = WeightChoice.warmedUp(config.emaDecay(), trained) ? average : generator;
        return g.forward(z, s.level(), s.alpha());
    }

    /** {@code ema ← raw + β·(ema − raw)} for every generator parameter (outside any gradient computation). */
    private void updateAverage() {
        double beta = config.emaDecay();
        for (Map.Entry<String, NDArray> e : generator.parameters().all().entrySet()) {
            NDArray raw = e.getValue();
            average.parameters().get(e.getKey()).subi(raw).muli(beta).addi(raw);
        }
    }

    /** Latents of {@code count} × latentSize from {@code Random(seed)}, N(0, 1). */
    public static NDArray latents(NDManager manager, int count, int latentSize, long seed) {
        Random r = new Random(seed);
        float[] z = new float[count * latentSize];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return OwnedArrays.of(manager, z, new Shape(count, latentSize));
    }

    private NDArray noise(int purpose) {
        return latents(manager, config.batchSize(), config.latentSize(), mix(seed, iteration, purpose));
    }

    /** A seed for (run seed, iteration, purpose): different streams for every use. */
    static long mix(long seed, long iteration, int purpose) {
        long h = seed * 0x9E3779B97F4A7C15L + iteration * 0xC2B2AE3D27D4EB4FL + purpose * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }

    private static void backward(NDArray target) {
        try (NDArray ones = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
        }
    }

    private static void zeroGradients(ParameterSet params, List<String> names) {
        for (String name : names) {
            JniUtils.zeroGrad((PtNDArray) params.get(name));
        }
    }

    private void update(ParameterSet params, List<String> names, UpdateRule rule, HyperParameters hp) {
        for (String name : names) {
            NDArray w = params.get(name);
            try (NDArray grad = w.getGradient()) {
                rule.update(w, grad, state(name), hp, 0);
            }
        }
    }

    @Override
    public void close() {
        optimizer.values().forEach(ParameterState::close);
        manager.close();
    }
}
