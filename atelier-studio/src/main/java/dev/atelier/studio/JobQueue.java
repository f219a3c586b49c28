package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.RunControl;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The studio's runs: a queue served by a fixed number of workers, each run steerable while it paints
 * (pause, resume, stop, change) and recorded in the {@link RunStore}. Style transfers and harmonizations
 * share the queue; each kind is painted by its own {@link JobRunner}, and only style transfers can be
 * changed while they paint.
 *
 * <p>Inputs are read and checked when a run is submitted, so bad input is answered at once with one line;
 * whatever still goes wrong inside a run (a bug, memory) fails that run only, never the server.
 */
public final class JobQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobQueue.class.getName());

    private final RunStore store;
    private final LiveEvents events;
    private final TransferRunner transfers;
    private final HarmonizationRunner harmonizations;
    private final RunnerHook hook;
    private final ExecutorService workers;
    private final Map<String, Job<?>> jobs = new ConcurrentHashMap<>();
    /**
     * The style transfers among {@link #jobs}, the runs that can be steered. A transfer enters it before
     * {@code jobs} and leaves it after, so a live job missing here is a harmonization.
     */
    private final Map<String, Job<JobKind.Transfer>> steerable = new ConcurrentHashMap<>();

    /** Called by a worker just before a run starts painting; tests use it to stand for a crashing run. */
    @FunctionalInterface
    interface RunnerHook {
        void beforeRun(Job<?> job);
    }

    JobQueue(int workers, RunStore store, ImageLibrary library, LiveEvents events, WeightsProvider weights,
            RunnerHook hook) {
        this.store = store;
        this.events = events;
        this.transfers = new TransferRunner(store, library, events, weights);
        this.harmonizations = new HarmonizationRunner(store, library, events, weights);
        this.hook = hook;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "studio-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a style transfer.
     *
     * @param parent the run it branches from, or null
     * @param parentSnapshot the parent's snapshot to start from, or null
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    public Job<JobKind.Transfer> submit(Controls controls, String parent, Integer parentSnapshot)
            throws SQLException, IOException {
        Job<JobKind.Transfer> job = new Job<>(newId(), transfers.prepare(controls, parent, parentSnapshot));
        store.saveMasks(job);
        store.add(job);
        steerable.put(job.id, job);
        start(job, transfers);
        return job;
    }

    /**
     * Queues a harmonization: the object pasted into the painting through its mask, as {@code atelier
     * harmonize} does, everything checked before it is queued.
     *
     * @throws InvalidInputException for controls no run could use, with the reason in one line
     */
    public Job<JobKind.Harmonization> submitHarmonization(HarmonizeControls controls) throws IOException, SQLException {
        Job<JobKind.Harmonization> job = new Job<>(newId(), harmonizations.prepare(controls));
        store.add(job);
        start(job, harmonizations);
        return job;
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Hands a recorded job to the workers and tells the pages it is queued. */
    private <K extends JobKind> void start(Job<K> job, JobRunner<K> runner) {
        jobs.put(job.id, job);
        job.future = workers.submit(() -> work(job, runner));
        events.publish(job, "queued");
    }

    /** A harmonization still queued or painting (a finished one is in the history). */
    public Optional<Job<?>> harmonization(String id) {
        return job(id).filter(j -> j.kind() instanceof JobKind.Harmonization);
    }

    public Optional<Job<?>> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Runs queued or painting, oldest first. */
    public List<Job<?>> active() {
        List<Job<?>> out = new ArrayList<>();
        for (Job<?> j : jobs.values()) {
            if (!j.finished()) {
                out.add(j);
            }
        }
        out.sort((a, b) -> Long.compare(a.created, b.created));
        return out;
    }

    private Job<?> live(String id) {
        Job<?> j = jobs.get(id);
        if (j == null || j.finished()) {
            throw new NotFound("no queued or running job " + id);
        }
        return j;
    }

    /** Thrown for an id that names nothing: the server answers 404. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    public void pause(String id) {
        Job<?> j = live(id);
        j.control.pause();
        synchronized (j) {
            // "pausing" until the evaluation in progress ends: the engine holds right after it
            if (j.status == JobStatus.RUNNING) {
                j.status = JobStatus.PAUSING;
            }
        }
        events.publish(j, "status");
    }

    public void resume(String id) {
        Job<?> j = live(id);
        synchronized (j) {
            j.resumedNanos = System.nanoTime();
            if (j.status == JobStatus.PAUSED || j.status == JobStatus.PAUSING) {
                j.status = JobStatus.RUNNING;
            }
            // inside the job's lock: the engine's hold notice checks isPaused under it, and must not see a
            // run already marked running as still paused
            j.control.resume();
        }
        events.publish(j, "status");
    }

    /** Cancels a queued run, or stops a painting one keeping its best image so far. */
    public void stop(String id) throws SQLException {
        Job<?> j = live(id);
        boolean cancelled;
        synchronized (j) {
            cancelled = j.status == JobStatus.QUEUED && j.future.cancel(false);
            if (cancelled) {
                j.status = JobStatus.CANCELLED;
            }
        }
        if (cancelled) {
            store.update(j);
            events.publish(j, "finished");
        } else {
            j.control.stop();
        }
    }

    /**
     * Steers a style transfer: the controls that may change while it paints are applied from its next
     * evaluation, continuing from its current image; a queued run simply starts with them.
     *
     * @throws InvalidInputException for a harmonization, or a change no run could use
     */
    public void change(String id, Controls change) {
        Job<JobKind.Transfer> j = steerable.get(id);
        if (j == null || j.finished()) {
            live(id);
            throw new InvalidInputException("a harmonization cannot be steered while it runs: stop it and start again");
        }
        synchronized (j) {
            JobKind.Transfer next = transfers.steered(j.kind(), change);
            j.steer(next);
            if (j.status != JobStatus.QUEUED) {
                j.control.change(new RunControl.Change(next.settings(), change.styles() == null ? null : next.styles()));
            }
        }
        events.publish(j, "changed");
    }

    private <K extends JobKind> void work(Job<K> job, JobRunner<K> runner) {
        synchronized (job) {
            if (job.status != JobStatus.QUEUED) {
                return;
            }
            job.status = JobStatus.RUNNING;
        }
        job.startedNanos = System.nanoTime();
        events.publish(job, "status");
        try {
            store.update(job);
            hook.beforeRun(job);
            runner.run(job);
            events.publish(job, "finished");
        } catch (Throwable t) {
            // one run's failure, even an Error, ends that run only: the server and the other runs go on
            job.message = t instanceof InvalidInputException ? t.getMessage()
                    : "internal error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (!(t instanceof InvalidInputException)) {
                LOG.log(System.Logger.Level.ERROR, "run " + job.id + " failed", t);
            }
            job.status = JobStatus.FAILED;
            try {
                store.update(job);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot record the failure of run " + job.id, e);
            }
            events.publish(job, "finished");
        } finally {
            jobs.remove(job.id);
            steerable.remove(job.id);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Job<?> j : jobs.values()) {
            j.control.stop();
        }
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
