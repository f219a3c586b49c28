package dev.atelier.gan;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Which generator weights {@code gan sample} and {@code gan score} use, and why in a few words: the rule
 * behind {@link GanCheckpoint.Weights#AUTO}, their default.
 *
 * <p>The weight average starts as a copy of the raw generator, i.e. of its random initial weights, and after
 * every iteration becomes {@code raw + β·(average − raw)}. A layer that has trained for {@code n} iterations
 * therefore still holds {@code β^n} of its start in its average (the rest is a weighted mean of its trained
 * values). The layers in use that trained least are the generator's top level, which begins training at its
 * fade-in's first iteration (iteration 0 for the first level) — every lower level has been averaged longer —
 * so {@link #startShare startShare(β, n)} with {@code n} counted from there bounds the share of random
 * weights in the whole average in use.
 *
 * <p>{@code auto} uses the average iff that share is at most {@value #MAX_START_SHARE} (5 %). Why 5 %:
 * {@code β^n ≤ 0.05} means {@code n ≥ ln 20 / ln(1/β) ≈ 3/(1 − β)}, three time constants of the average, the
 * usual point at which an exponential has settled (95 % of the way); for the paper's β = 0.999 that is
 * 2,995 iterations. It is not tuned, but it separates the two measured cases of docs/gan.md: with the
 * shipped 1,500-iteration plan the 32-px layers train 400 iterations, so β = 0.999 leaves 67 % of their
 * start (Fréchet distance 125 against 6.02 raw: noise) and β = 0.99 leaves 1.8 % (6.85: the same clothes as
 * the raw weights). The rule only bounds the start's share; that the average lags the raw weights by about
 * {@code 1/(1 − β)} iterations is what it is for.
 *
 * @param weights the weights used: {@link GanCheckpoint.Weights#RAW} or {@link GanCheckpoint.Weights#EMA}
 * @param why why, in a few words, or empty where the choice needs no explanation
 * @param averageDeclined whether {@code auto} chose the raw weights although the checkpoint holds an average
 *     (a front end may then say how to ask for the average)
 */
public record WeightChoice(GanCheckpoint.Weights weights, String why, boolean averageDeclined) {
    /** The largest share of its random start the newest layers' average may hold for {@code auto} to use it. */
    public static final double MAX_START_SHARE = 0.05;

    public WeightChoice {
        if (weights == GanCheckpoint.Weights.AUTO) {
            throw new IllegalArgumentException("a choice is raw or ema, not auto");
        }
    }

    /**
     * {@code β^n}: the share of its start that a layer's average still holds after {@code n} averaged
     * iterations with decay {@code β}; 0 for β = 0 (the average is then the raw weights from the start).
     *
     * @throws IllegalArgumentException for β outside [0, 1) or a negative {@code n}
     */
    public static double startShare(double decay, long iterations) {
        if (!(decay >= 0 && decay < 1) || iterations < 0) {
            throw new IllegalArgumentException("decay " + decay + " and iterations " + iterations);
        }
        return decay == 0 ? 0 : Math.pow(decay, iterations);
    }

    /** Whether the average has warmed up: {@link #startShare} at most {@value #MAX_START_SHARE}. */
    public static boolean warmedUp(double decay, long iterations) {
        return startShare(decay, iterations) <= MAX_START_SHARE;
    }

    /**
     * The weights to use for {@code asked}: raw and ema as asked (ema with a warning where it has not
     * warmed up); auto by the rule of this class.
     *
     * @param decay the checkpoint's EMA decay β
     * @param newestTrained iterations since the top level began training, up to the checkpoint's iteration;
     *     empty where the checkpoint does not say (a format-2 file whose phases count epochs)
     */
    public static WeightChoice of(GanCheckpoint.Weights asked, double decay, OptionalLong newestTrained) {
        if (asked == GanCheckpoint.Weights.RAW) {
            return new WeightChoice(GanCheckpoint.Weights.RAW, "", false);
        }
        if (decay == 0) {
            return new WeightChoice(GanCheckpoint.Weights.EMA, asked == GanCheckpoint.Weights.AUTO
                    ? "decay 0: the average is the raw weights" : "", false);
        }
        if (newestTrained.isEmpty()) {
            return asked == GanCheckpoint.Weights.EMA ? new WeightChoice(GanCheckpoint.Weights.EMA, "", false)
                    : new WeightChoice(GanCheckpoint.Weights.RAW, "this format-2 checkpoint does not say when its"
                            + " newest layers began training", true);
        }
        double share = startShare(decay, newestTrained.getAsLong());
        String holds = "the average of the newest layers " + (share > MAX_START_SHARE ? "still " : "") + "holds "
                + percent(share) + " of their start";
        if (asked == GanCheckpoint.Weights.EMA) {
            return new WeightChoice(GanCheckpoint.Weights.EMA, share > MAX_START_SHARE ? holds : "", false);
        }
        return share <= MAX_START_SHARE ? new WeightChoice(GanCheckpoint.Weights.EMA, "auto: " + holds, false)
                : new WeightChoice(GanCheckpoint.Weights.RAW, holds, true);
    }

    /** {@code "raw weights"}, {@code "ema weights"}, followed by {@code ": why"} where there is a why. */
    public String describe() {
        return weights.key() + " weights" + (why.isEmpty() ? "" : ": " + why);
    }

    /**
     * 67%, 4.9%, 0.3%, under 0.1%: rounded down, so that a share under 5 % never reads as 5.0% (with a
     * margin of 1e-9 for the last bit of a power: 0.3³ is 0.026999…, shown as 2.7%).
     */
    static String percent(double share) {
        double p = 100 * share + 1e-9;
        if (p >= 10) {
            return String.format(Locale.ROOT, "%.0f%%", Math.floor(p));
        }
        return p >= 0.1 ? String.format(Locale.ROOT, "%.1f%%", Math.floor(p * 10) / 10) : "under 0.1%";
    }
}
