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

    record Reply(int status, JsonNode json, byte[] body) {}

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
            return new Reply(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the job (then the history once it has finished) until {@code until} holds. */
    JsonNode waitFor(String id, Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply r = get("/api/jobs/" + id);
            if (r.status() == 404) {
                r = get("/api/runs/" + id);
            }
            last = r.json();
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; last state: " + last);
    }

    /** Polls the history until run {@code id} has ended with {@code status}; returns its record. */
    JsonNode waitForRun(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/runs/" + id).json();
            if (last != null && last.get("status").asText().equals(status)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for run " + id + " to be " + status + "; last: " + last);
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
