package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.atelier.style.optim.AdamPixelOptimizer;
import dev.atelier.style.optim.GradientMinimizer;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimiser segment: one optimiser per batch item over at most a budget of evaluations, each in its own
 * thread, their evaluations shared through a {@link BatchEvaluator}; a single item runs in the calling thread.
 * Each item keeps its own optimiser state, so a batch gives the images of separate runs.
 */
final class BatchOptimizer {
    /**
     * @param best each item's best point, as one batch {@code (N, …)}
     * @param evaluations the evaluations the segment made
     * @param reason why it ended: a non-finite loss or a stop of any item if there was one
     */
    record Result(NDArray best, int evaluations, StopReason reason) {}

    private final StyleTransferSettings settings;
    private final StyleTransferListener listener;
    private final RunControl control;
    private final RunMonitor monitor;
    private final RunDeadline deadline;

    /**
     * @param settings the optimiser's kind, line search and learning rate
     * @param listener and {@code control}: either can end a segment early
     * @param monitor counts the evaluations
     * @param deadline ends a segment when its scale's share of a time budget is spent
     */
    BatchOptimizer(StyleTransferSettings settings, StyleTransferListener listener, RunControl control,
            RunMonitor monitor, RunDeadline deadline) {
        this.settings = settings;
        this.listener = listener;
        this.control = control;
        this.monitor = monitor;
        this.deadline = deadline;
    }

    /** Optimises from {@code start} {@code (N, …)} for at most {@code budget} evaluations, L-BFGS keeping {@code history} pairs. */
    Result optimise(BatchEvaluator.BatchObjective objective, NDArray start, int budget, int history) {
        NDManager manager = start.getManager();
        int n = (int) start.getShape().get(0);
        OptimizationResult[] results = new OptimizationResult[n];
        OptimizationMonitor itemMonitor = new OptimizationMonitor() {
            @Override
            public boolean stopRequested() {
                return control.segmentMustEnd() || listener.stopRequested() || deadline.scaleMustEnd();
            }
        };
        int before = monitor.evaluations();
        BatchEvaluator evaluator = new BatchEvaluator(n, objective, manager);
        if (n == 1) {
            results[0] = minimizer(budget, history).minimize(x -> evaluator.evaluate(0, x), start, itemMonitor);
        } else {
            runInThreads(evaluator, start, results, budget, history, itemMonitor);
        }
        NDArray best = n == 1 ? results[0].best() : concat(results);
        StopReason reason = results[0].reason();
        for (OptimizationResult r : results) {
            if (r.reason() == StopReason.NON_FINITE_LOSS || (r.reason() == StopReason.STOPPED && reason != StopReason.NON_FINITE_LOSS)) {
                reason = r.reason();
            }
        }
        if (reason == StopReason.STOPPED && !control.isStopped() && !listener.stopRequested() && deadline.scaleMustEnd()) {
            // not the user's stop: the scale's share of the time budget is spent
            reason = StopReason.TIME_BUDGET;
        }
        return new Result(best, monitor.evaluations() - before, reason);
    }

    private void runInThreads(BatchEvaluator evaluator, NDArray start, OptimizationResult[] results, int budget,
            int history, OptimizationMonitor itemMonitor) {
        int n = results.length;
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failures = new RuntimeException[n];
        for (int i = 0; i < n; i++) {
            int item = i;
            NDArray itemStart = start.get(new NDIndex("{}:{}", i, i + 1));
            Thread t = new Thread(() -> {
                try {
                    results[item] = minimizer(budget, history).minimize(x -> evaluator.evaluate(item, x), itemStart, itemMonitor);
                } catch (RuntimeException e) {
                    failures[item] = e;
                } finally {
                    evaluator.leave(item);
                }
            }, "stylize-item-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while optimising", e);
            }
        }
        for (RuntimeException f : failures) {
            if (f != null) {
                throw f;
            }
        }
    }

    private static NDArray concat(OptimizationResult[] results) {
        NDList parts = new NDList();
        for (OptimizationResult r : results) {
            parts.add(r.best());
        }
        return NDArrays.concat(parts, 0);
    }

    private GradientMinimizer minimizer(int budget, int history) {
        return switch (settings.optimizer()) {
            case LBFGS -> LbfgsOptimizer.builder()
                    .optMaxEvaluations(budget)
                    .optHistorySize(history)
                    .optLineSearch(settings.lineSearch())
                    .optFirstStepChange(settings.lineSearch() == LineSearch.STRONG_WOLFE ? settings.firstStep() : 0)
                    .optLearningRate(settings.learningRate())
                    .build();
            case ADAM -> AdamPixelOptimizer.builder()
                    .optMaxEvaluations(budget)
                    .optLearningRate(settings.learningRate())
                    .build();
        };
    }
}
