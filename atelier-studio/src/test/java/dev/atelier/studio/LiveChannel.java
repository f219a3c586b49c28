package dev.atelier.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The studio's live channel ({@code /api/events}) as a test follows it, like a page would: every event
 * that arrives is kept, and a test waits for the event it means instead of sleeping and hoping.
 */
final class LiveChannel {
    private static final Duration OPENING = Duration.ofSeconds(20);

    /** Every event since the channel opened, in order; guarded by {@code this}. */
    private final List<JsonNode> events = new ArrayList<>();
    /** How many events each job has had; guarded by {@code this}. */
    private final Map<String, Integer> perJob = new HashMap<>();
    private Throwable broken;

    private LiveChannel() {}

    /** Opens a channel on {@code client}'s server; it returns once the server has greeted it, so it misses nothing after. */
    static LiveChannel open(StudioClient client) throws InterruptedException {
        LiveChannel channel = new LiveChannel();
        client.http.sendAsync(client.builder("/api/events").header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(channel::line))
                .whenComplete((done, failure) -> channel.end(failure));
        channel.await(e -> e.path("type").asText().equals("hello"), OPENING, "the live channel's greeting");
        return channel;
    }

    /** Matches the events of {@code type} about job {@code job}. */
    static Predicate<JsonNode> event(String job, String type) {
        return e -> e.path("job").asText().equals(job) && e.path("type").asText().equals(type);
    }

    private void line(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        JsonNode e;
        try {
            e = StudioClient.JSON.readTree(line.substring("data:".length()).strip());
        } catch (JsonProcessingException bad) {
            end(bad);
            return;
        }
        synchronized (this) {
            events.add(e);
            if (e.has("job")) {
                perJob.merge(e.get("job").asText(), 1, Integer::sum);
            }
            notifyAll();
        }
    }

    private synchronized void end(Throwable failure) {
        broken = failure != null ? failure : new IllegalStateException("the server ended the live channel");
        notifyAll();
    }

    /**
     * The first event since the channel opened that {@code match}es, waiting up to {@code patience} for it.
     *
     * @throws AssertionError when none comes in time, naming {@code what}
     */
    synchronized JsonNode await(Predicate<JsonNode> match, Duration patience, String what) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int i = 0;; i++) {
            while (i == events.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || broken != null) {
                    throw new AssertionError("no live event " + what + " within " + patience + " (" + events.size()
                            + " events, the last " + (events.isEmpty() ? "none" : events.get(events.size() - 1)) + ")", broken);
                }
                waitNanos(left);
            }
            if (match.test(events.get(i))) {
                return events.get(i);
            }
        }
    }

    /**
     * Watches the events that arrive during {@code period} and fails at the first that {@code match}es:
     * the way to see that something does not happen (a held run does not evaluate).
     */
    synchronized void assertNone(Predicate<JsonNode> match, Duration period, String what) throws InterruptedException {
        long deadline = System.nanoTime() + period.toNanos();
        for (int i = events.size();; i++) {
            while (i == events.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                waitNanos(left);
            }
            if (match.test(events.get(i))) {
                throw new AssertionError(what + ": " + events.get(i));
            }
        }
    }

    /** How many events about job {@code job} have arrived so far. */
    synchronized int count(String job) {
        return perJob.getOrDefault(job, 0);
    }

    /**
     * Waits until job {@code job} has had more than {@code seen} events, or until {@code deadline} (a
     * {@link System#nanoTime()}); whether it has.
     */
    synchronized boolean awaitMore(String job, int seen, long deadline) throws InterruptedException {
        while (count(job) <= seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || broken != null) {
                return false;
            }
            waitNanos(left);
        }
        return true;
    }

    private void waitNanos(long nanos) throws InterruptedException {
        wait(Math.max(1, nanos / 1_000_000));
    }
}
