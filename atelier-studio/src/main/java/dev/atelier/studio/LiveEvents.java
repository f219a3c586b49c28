package dev.atelier.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live channel: every open page holds one server-sent-events stream and receives every job's events
 * (several tabs see the same runs). Each event is JSON with at least {@code job} and {@code type}.
 */
public final class LiveEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CopyOnWriteArrayList<SseClient> clients = new CopyOnWriteArrayList<>();

    /** Registers a page's stream and holds it open until the page goes away. */
    public void join(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        send(client, "hello", Map.of("type", "hello"));
        client.keepAlive();
    }

    /** Sends {@code event} (a JSON object) to every page; pages that have gone are dropped. */
    public void publish(String type, Map<String, Object> event) {
        for (SseClient c : clients) {
            send(c, type, event);
        }
    }

    /** Sends a job's event of {@code type}: the job as the page sees it (without its curve), with its id as {@code job}. */
    void publish(Job<?> job, String type) {
        Map<String, Object> e = new LinkedHashMap<>(job.describe(false));
        e.put("job", job.id);
        e.put("type", type);
        publish(type, e);
    }

    private void send(SseClient c, String type, Map<String, Object> event) {
        String data;
        try {
            data = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a live event", e);
        }
        // one writer at a time per stream: events from several workers must not interleave
        synchronized (c) {
            if (c.terminated()) {
                clients.remove(c);
                return;
            }
            try {
                c.sendEvent(type, data);
            } catch (RuntimeException gone) {
                clients.remove(c);
            }
        }
    }

    /** Ends every stream (server shutdown). */
    public void closeAll() {
        for (SseClient c : clients) {
            synchronized (c) {
                c.close();
            }
        }
        clients.clear();
    }

    public int size() {
        return clients.size();
    }
}
