package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.atelier.style.optim.Evaluation;

/**
 * Lets one optimiser per batch item share a single batched forward and backward pass per evaluation.
 *
 * <p>Each item's optimiser runs in its own thread and asks for evaluations of its own point; the
 * evaluator waits until every item still running has asked, evaluates the whole batch at once, and
 * hands each item its own loss and gradient. Because every item keeps its own optimiser state (its own
 * L-BFGS history and line search), a batch gives the same images as separate runs, at the cost of one
 * pass for all. An item that has finished keeps its last point in the batch, so the targets stay
 * aligned; its results are simply not used.
 */
final class BatchEvaluator {
    /** Evaluates a whole batch: per-item losses and the gradient of their sum. */
    interface BatchObjective {
        /** @return per-item losses (length N) and a gradient (N, …) the evaluator owns */
        Result evaluate(NDArray batch);
    }

    /** One batched evaluation. */
    record Result(double[] losses, NDArray gradient) {}

    private final int size;
    private final BatchObjective objective;
    private final NDManager manager;
    private final NDArray[] points;
    private final Evaluation[] results;
    private final boolean[] active;
    private int activeCount;
    private int waiting;
    private long generation;
    private RuntimeException failure;

    BatchEvaluator(int size, BatchObjective objective, NDManager manager) {
        this.size = size;
        this.objective = objective;
        this.manager = manager;
        this.points = new NDArray[size];
        this.results = new Evaluation[size];
        this.active = new boolean[size];
        java.util.Arrays.fill(active, true);
        this.activeCount = size;
    }

    /** Called from item {@code item}'s thread: blocks until the batch containing {@code x} is evaluated. */
    synchronized Evaluation evaluate(int item, NDArray x) {
        if (failure != null) {
            throw failure;
        }
        replacePoint(item, x);
        waiting++;
        long mine = generation;
        if (waiting == activeCount) {
            runBatch();
        } else {
            while (generation == mine && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the batch", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        Evaluation e = results[item];
        results[item] = null;
        return e;
    }

    /** Called when item {@code item}'s optimiser has finished; the others no longer wait for it. */
    synchronized void leave(int item) {
        if (!active[item]) {
            return;
        }
        active[item] = false;
        activeCount--;
        if (waiting > 0 && waiting == activeCount && failure == null) {
            runBatch();
        }
    }

    private void replacePoint(int item, NDArray x) {
        NDArray copy = x.duplicate();
        copy.attach(manager);
        if (points[item] != null) {
            points[item].close();
        }
        points[item] = copy;
    }

    private void runBatch() {
        try (NDManager scope = manager.newSubManager()) {
            NDList list = new NDList(points);
            NDArray batch = size == 1 ? points[0].duplicate() : ai.djl.ndarray.NDArrays.concat(list, 0);
            batch.attach(scope);
            Result r = objective.evaluate(batch);
            r.gradient().attach(scope);
            for (int i = 0; i < size; i++) {
                if (active[i]) {
                    NDArray g = r.gradient().get(new NDIndex("{}:{}", i, i + 1)).duplicate();
                    g.attach(manager);
                    results[i] = new Evaluation(r.losses()[i], g);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            waiting = 0;
            generation++;
            notifyAll();
        }
    }
}
