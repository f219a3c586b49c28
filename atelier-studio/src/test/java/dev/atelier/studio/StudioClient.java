package dev.atelier.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/** A small HTTP client for the studio's API, as tests use it. */
final class StudioClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String token;

    StudioClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    record Reply(int status, JsonNode json, byte[] body, java.net.http.HttpHeaders headers) {}

    Reply get(String path) {
        return send(builder(path).GET());
    }

    Reply post(String path, Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply upload(byte[] bytes) {
        return send(builder("/api/uploads").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header(AccessGuard.HEADER, token);
        }
        return b;
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && r.body().length > 0) {
                json = JSON.readTree(r.body());
            }
            return new Reply(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long a test waits for a run to get where it means: tiny runs, on a shared machine. */
    static final Duration PATIENCE = Duration.ofSeconds(40);

    private LiveChannel live;

    /** This client's live channel, opened on first use. */
    synchronized LiveChannel live() throws InterruptedException {
        if (live == null) {
            live = LiveChannel.open(this);
        }
        return live;
    }

    /** Waits until job {@code id} (its history row once it has finished) satisfies {@code until}. */
    JsonNode waitFor(String id, Predicate<JsonNode> until, String what) throws InterruptedException {
        return follow(id, () -> {
            Reply r = get("/api/jobs/" + id);
            return (r.status() == 404 ? get("/api/runs/" + id) : r).json();
        }, until, what, PATIENCE);
    }

    /** Waits until run {@code id} has ended with {@code status}; returns its history row. */
    JsonNode waitForRun(String id, String status) throws InterruptedException {
        return follow(id, () -> get("/api/runs/" + id).json(), r -> r.path("status").asText().equals(status),
                "run " + id + " to be " + status, PATIENCE);
    }

    /**
     * Reads job {@code id}'s {@code state}, and again after each live event about it (every change of what
     * the API shows comes with one), until {@code until} holds; at most {@code patience}.
     *
     * @throws AssertionError naming {@code what} and the last state when it does not hold in time
     */
    JsonNode follow(String id, Supplier<JsonNode> state, Predicate<JsonNode> until, String what, Duration patience)
            throws InterruptedException {
        LiveChannel channel = live();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            // counted before reading: an event that comes while the state is read is not missed
            int seen = channel.count(id);
            JsonNode last = state.get();
            if (last != null && until.test(last)) {
                return last;
            }
            if (!channel.awaitMore(id, seen, deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; last state: " + last);
            }
        }
    }

    /** A PNG of a diagonal colour gradient with a disc: an image with content and structure. */
    static byte[] png(int w, int h, Color a, Color b) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, a, w, h, b));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
