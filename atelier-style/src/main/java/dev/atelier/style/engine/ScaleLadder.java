package dev.atelier.style.engine;

import dev.atelier.core.SettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coarse-to-fine: the sizes a run optimises at, from the coarsest to the output size, and how many
 * evaluations each gets. Each scale starts from the previous one's result upsampled, so the cheap small
 * scales settle the layout and colours and the full size refines the strokes.
 *
 * <p>Two ways to lay out {@code auto} and split a budget, see {@link Split}: {@code stylize} spends most of
 * its time at the output size, where the judged loss is removed (measured: docs/benchmarks.md);
 * {@code harmonize} spends most evaluations at the cheap scales. In both, the coarsest scale, whose result
 * is the first preview, gets at most {@value #PREVIEW_EVALUATIONS} evaluations.
 *
 * @param longSides the long side of each scale, ascending; the last is the output size
 * @param evaluations the evaluation budget of each scale; they sum to at most the run's budget
 */
public record ScaleLadder(List<Integer> longSides, List<Integer> evaluations) {
    /** The spec for the default ladder. */
    public static final String AUTO = "auto";
    /** The default ladder's coarsest long side, in pixels (approximately). */
    public static final int COARSEST = 128;
    /** {@link Split#COARSE_HEAVY}: each finer scale's share of evaluations relative to the scale below it. */
    public static final double FINER_SHARE = 0.6;
    /** {@link Split#FINEST_HEAVY}: the output size's share of the budget. */
    public static final double FINEST_SHARE = 0.4;
    /**
     * The most evaluations the coarsest scale gets when there are several: its result is the run's first
     * preview, wanted within seconds; what it would have had goes to the others.
     */
    public static final int PREVIEW_EVALUATIONS = 16;
    private static final int SMALLEST = 16;

    /** How {@code auto} chooses the sizes, and how a budget is split over the scales. */
    public enum Split {
        /**
         * {@code auto}: sizes double from about {@value #COARSEST} px to the output size. The output size gets
         * {@value #FINEST_SHARE} of the budget, the coarsest scale up to {@value #PREVIEW_EVALUATIONS}, the
         * scales between share the rest equally. Where the time goes: at 512 px with the lesson13 judge, three
         * doubling scales reached a lower judged loss per second than five √2 steps, and the output size is where
         * most of that loss is removed (docs/benchmarks.md). {@code stylize}'s.
         */
        FINEST_HEAVY,
        /**
         * {@code auto}: sizes √2 apart from about {@value #COARSEST} px; each finer scale gets {@value #FINER_SHARE}
         * times the evaluations of the one below, the coarsest at most {@value #PREVIEW_EVALUATIONS}: most
         * evaluations where they are cheap. {@code harmonize}'s.
         */
        COARSE_HEAVY
    }

    public ScaleLadder {
        longSides = List.copyOf(longSides);
        evaluations = List.copyOf(evaluations);
    }

    /** The number of scales. */
    public int count() {
        return longSides.size();
    }

    /** The total evaluation budget. */
    public int totalEvaluations() {
        return evaluations.stream().mapToInt(Integer::intValue).sum();
    }

    /** {@link #of(String, int, int, Split)} with {@link Split#FINEST_HEAVY}, {@code stylize}'s ladder. */
    public static ScaleLadder of(String spec, int size, int budget) {
        return of(spec, size, budget, Split.FINEST_HEAVY);
    }

    /**
     * The ladder for a spec.
     *
     * @param spec {@code auto}; a count N (N scales ending at {@code size}, √2 apart; 1 is the lesson's single
     *     scale); or a comma-separated ascending list of long sides ending at {@code size}, each optionally
     *     with its own evaluation count ({@code 256:40,512:12}; then those counts are the budget)
     * @param size the output's long side
     * @param budget the total evaluations
     * @param split how {@code auto} lays out sizes and how a budget without per-scale counts is split
     * @throws SettingException for a spec no run could use
     */
    public static ScaleLadder of(String spec, int size, int budget, Split split) {
        String s = spec == null ? AUTO : spec.trim();
        List<Integer> sides;
        if (s.equalsIgnoreCase(AUTO)) {
            double step = split == Split.FINEST_HEAVY ? 2 : Math.sqrt(2);
            int n = 1;
            while (size / Math.pow(step, n) >= COARSEST * 0.95) {
                n++;
            }
            sides = geometric(size, n, step);
        } else if (s.matches("\\d+")) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new SettingException("scales", s + " is too many scales");
            }
            if (n < 1 || n > 12) {
                throw new SettingException("scales", "must be 1 to 12 scales or a list of sizes, got " + s);
            }
            sides = geometric(size, n, Math.sqrt(2));
        } else {
            sides = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (String part : s.split(",")) {
                String[] sizeAndCount = part.trim().split(":", -1);
                try {
                    sides.add(Integer.parseInt(sizeAndCount[0].trim()));
                    if (sizeAndCount.length == 2) {
                        counts.add(Integer.parseInt(sizeAndCount[1].trim()));
                    } else if (sizeAndCount.length > 2) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new SettingException("scales", "takes auto, a count or a list of sizes like 128,256,"
                            + size + " (optionally SIZE:EVALS); got '" + spec + "'");
                }
            }
            if (!counts.isEmpty()) {
                if (counts.size() != sides.size()) {
                    throw new SettingException("scales", "give an evaluation count for every size or for none; got '"
                            + spec + "'");
                }
                for (int c : counts) {
                    if (c < 1) {
                        throw new SettingException("scales", "each scale needs at least 1 evaluation; got '" + spec + "'");
                    }
                }
            }
            for (int i = 0; i < sides.size(); i++) {
                if (i > 0 && sides.get(i) <= sides.get(i - 1)) {
                    throw new SettingException("scales", "sizes must increase, got " + spec);
                }
            }
            if (sides.get(sides.size() - 1) != size) {
                throw new SettingException("scales", "the last scale must be the output size " + size + ", got " + spec);
            }
            if (!counts.isEmpty()) {
                if (sides.get(0) < SMALLEST) {
                    throw new SettingException("scales", "would go down to " + sides.get(0)
                            + " px; the smallest scale must be at least " + SMALLEST + " px");
                }
                return new ScaleLadder(sides, counts);
            }
        }
        if (sides.get(0) < SMALLEST) {
            throw new SettingException("scales", "would go down to " + sides.get(0) + " px; the smallest scale must be at least "
                    + SMALLEST + " px");
        }
        if (budget < 1) {
            throw new SettingException("max_evals", "must be at least 1, got " + budget);
        }
        // fewer evaluations than scales: keep the finest ones
        if (budget < sides.size()) {
            sides = sides.subList(sides.size() - budget, sides.size());
        }
        return new ScaleLadder(sides, split == Split.FINEST_HEAVY ? finestHeavy(sides.size(), budget)
                : split(sides.size(), budget));
    }

    private static List<Integer> geometric(int size, int n, double step) {
        List<Integer> out = new ArrayList<>();
        for (int k = n - 1; k >= 0; k--) {
            out.add((int) Math.round(size / Math.pow(step, k)));
        }
        return out;
    }

    /**
     * {@link Split#FINEST_HEAVY}: the finest scale round({@value #FINEST_SHARE}·budget), the coarsest up to
     * {@value #PREVIEW_EVALUATIONS}, the scales between the rest in equal parts (the coarser ones taking the
     * remainder); with two scales the finest also takes what the preview leaves. At least one each.
     */
    static List<Integer> finestHeavy(int n, int budget) {
        if (n == 1) {
            return List.of(budget);
        }
        int finest = Math.min(Math.max(1, (int) Math.round(FINEST_SHARE * budget)), budget - (n - 1));
        int rest = budget - finest;
        int preview = Math.max(1, Math.min(PREVIEW_EVALUATIONS, rest - (n - 2)));
        int between = rest - preview;
        int[] out = new int[n];
        out[0] = preview;
        out[n - 1] = finest;
        if (n == 2) {
            out[1] += between;
        } else {
            for (int k = 1; k < n - 1; k++) {
                out[k] = between / (n - 2) + (k - 1 < between % (n - 2) ? 1 : 0);
            }
        }
        List<Integer> list = new ArrayList<>();
        for (int v : out) {
            list.add(v);
        }
        return list;
    }

    /** {@link Split#COARSE_HEAVY}: the coarsest scale capped at PREVIEW_EVALUATIONS, the rest split by {@link #shares}. */
    static List<Integer> split(int n, int budget) {
        List<Integer> all = shares(n, budget);
        if (n == 1 || all.get(0) <= PREVIEW_EVALUATIONS) {
            return all;
        }
        List<Integer> out = new ArrayList<>();
        out.add(PREVIEW_EVALUATIONS);
        out.addAll(shares(n - 1, budget - PREVIEW_EVALUATIONS));
        return out;
    }

    /** Largest-remainder split of {@code budget} in proportion FINER_SHARE^k, at least one each. */
    static List<Integer> shares(int n, int budget) {
        double[] share = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            share[k] = Math.pow(FINER_SHARE, k);
            sum += share[k];
        }
        int[] out = new int[n];
        double[] rest = new double[n];
        int used = 0;
        int free = budget - n;
        for (int k = 0; k < n; k++) {
            double exact = free * share[k] / sum;
            out[k] = 1 + (int) Math.floor(exact);
            rest[k] = exact - Math.floor(exact);
            used += out[k];
        }
        while (used < budget) {
            int best = 0;
            for (int k = 1; k < n; k++) {
                if (rest[k] > rest[best]) {
                    best = k;
                }
            }
            out[best]++;
            rest[best] = -1;
            used++;
        }
        List<Integer> list = new ArrayList<>();
        for (int v : out) {
            list.add(v);
        }
        return list;
    }
}
