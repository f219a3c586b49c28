package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's HTTP API at tiny sizes on random VGG weights. */
class StudioApiTest {
    @TempDir
    Path data;

    private StudioServer server;
    private StudioClient client;

    private void start(JobQueue.RunnerHook hook, UploadLimits limits) throws Exception {
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(), limits), hook);
        client = new StudioClient(server.port(), null);
    }

    private void start() throws Exception {
        start(job -> {}, UploadLimits.DEFAULT);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private String upload(int w, int h, Color a, Color b) {
        StudioClient.Reply r = client.upload(StudioClient.png(w, h, a, b));
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        return r.json().get("ref").asText();
    }

    private Map<String, Object> controls(String content, String style, int maxEvals) {
        Map<String, Object> c = new HashMap<>();
        c.put("content", content);
        c.put("styles", List.of(Map.of("image", style)));
        c.put("size", 48);
        c.put("maxEvals", maxEvals);
        c.put("scales", "1");
        c.put("previewEvery", 2);
        c.put("styleWeight", 100.0);
        return c;
    }

    private String submit(Map<String, Object> controls) {
        StudioClient.Reply r = client.post("/api/jobs", controls);
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void aRunWithATimeBudgetStopsByTheTime() throws Exception {
        start();
        String content = upload(64, 48, Color.BLUE, Color.ORANGE);
        String style = upload(40, 40, Color.RED, Color.GREEN);
        Map<String, Object> c = controls(content, style, 0);
        c.remove("maxEvals");
        // 160 px: no scale converges within 2 s on random weights, even on a much faster machine
        c.put("size", 160);
        c.put("time", "2s");
        String id = submit(c);
        JsonNode live = client.get("/api/jobs/" + id).json();
        assertThat(live.get("timeBudget").asDouble()).isEqualTo(2.0);
        assertThat(live.get("maxEvals").isNull()).as("the time alone ends it: no evaluation budget to show").isTrue();
        JsonNode running = client.waitFor(id, j -> j.get("evaluations").asInt() >= 2, "2 evaluations");
        assertThat(running.get("seconds").asDouble()).isGreaterThan(0);
        JsonNode done = client.waitForRun(id, "done");
        assertThat(done.get("evaluations").asInt()).isGreaterThan(1);
        JsonNode side = client.get("/api/runs/" + id + "/sidecar.json").json();
        assertThat(side.toString()).contains("\"stop_reason\":\"time_budget\"");
        assertThat(done.get("settings").get("time").asDouble()).isEqualTo(2.0);
        // a bad duration is the field's
        c.put("time", "soon");
        StudioClient.Reply bad = client.post("/api/jobs", c);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("time");
        assertThat(bad.json().get("error").asText()).startsWith("Time budget: ");
    }

    @Test
    void startPauseChangeWeightResumeStop() throws Exception {
        start();
        String content = upload(64, 48, Color.BLUE, Color.ORANGE);
        String style = upload(40, 40, Color.RED, Color.GREEN);
        String id = submit(controls(content, style, 5000));
        client.waitFor(id, j -> j.get("evaluations").asInt() >= 4 && j.get("previewVersion").asInt() >= 2, "4 evaluations");
        assertThat(client.get("/api/jobs/" + id + "/preview.png").body()).startsWith(0x89, 'P', 'N', 'G');

        assertThat(client.post("/api/jobs/" + id + "/pause", "").status()).isEqualTo(200);
        JsonNode paused = client.waitFor(id, j -> j.get("status").asText().equals("paused"), "paused");
        // "paused" is reported once the evaluation in progress has ended and the engine holds: nothing moves
        int held = paused.get("evaluations").asInt();
        client.live().assertNone(e -> LiveChannel.event(id, "eval").test(e) && e.get("evaluation").asInt() > held,
                Duration.ofMillis(800), "an evaluation while paused");
        assertThat(client.get("/api/jobs/" + id).json().get("evaluations").asInt()).isEqualTo(held);

        StudioClient.Reply changed = client.post("/api/jobs/" + id + "/change", Map.of("styleWeight", 10000.0));
        assertThat(changed.status()).as(new String(changed.body())).isEqualTo(200);
        assertThat(changed.json().get("changes").asInt()).isEqualTo(1);
        assertThat(client.post("/api/jobs/" + id + "/resume", "").status()).isEqualTo(200);
        JsonNode resumed = client.waitFor(id, j -> j.get("evaluations").asInt() >= held + 3, "evaluations after resume");
        assertThat(resumed.get("resumeLatencySeconds").asDouble()).isPositive();

        // the weighted style loss of (nearly) the same image is 100 times larger once the weight is 100 times
        // larger; the optimiser may finish the evaluation it was in when it resumes, so the jump comes within two
        JsonNode curve = resumed.get("curve");
        double before = curve.get(held - 1).get(4).asDouble();
        double after = Math.max(curve.get(held).get(4).asDouble(), curve.get(held + 1).get(4).asDouble());
        assertThat(after / before).isBetween(30.0, 300.0);

        assertThat(client.post("/api/jobs/" + id + "/stop", "").status()).isEqualTo(200);
        JsonNode run = client.waitForRun(id, "stopped");
        assertThat(run.get("changes")).hasSize(1);
        assertThat(run.get("changes").get(0).get("styleWeight").asDouble()).isEqualTo(10000.0);
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(client.get("/api/runs/" + id + "/result.png").body()));
        assertThat(result.getWidth()).isEqualTo(48);
        assertThat(result.getHeight()).isEqualTo(36);
        JsonNode sidecar = StudioClient.JSON.readTree(client.get("/api/runs/" + id + "/sidecar.json").body());
        assertThat(sidecar.get("settings").get("style_weight").asDouble()).isEqualTo(10000.0);
        assertThat(sidecar.get("weights").get("random").asBoolean()).isTrue();
        assertThat(sidecar.get("evaluations").asInt()).isEqualTo(run.get("evaluations").asInt());
    }

    @Test
    void oneWorkerQueuesRunsAndCancelsAQueuedOne() throws Exception {
        start();
        // two pages (tabs) on the live channel: both follow every job
        List<LiveChannel> tabs = List.of(LiveChannel.open(client), LiveChannel.open(client));
        String content = upload(64, 48, Color.BLUE, Color.ORANGE);
        String first = submit(controls(content, "example:hokusai-great-wave", 5000));
        String second = submit(controls(content, "example:kandinsky-composition-viii", 5000));
        client.waitFor(first, j -> j.get("status").asText().equals("running"), "first running");
        for (LiveChannel tab : tabs) {
            tab.await(LiveChannel.event(second, "queued"), Duration.ofSeconds(20), "the second job queued");
            tab.await(LiveChannel.event(first, "eval"), Duration.ofSeconds(20), "an evaluation of the first job");
        }
        assertThat(client.get("/api/jobs/" + second).json().get("status").asText()).isEqualTo("queued");
        assertThat(client.get("/api/jobs").json()).hasSize(2);
        client.post("/api/jobs/" + second + "/stop", "");
        assertThat(client.waitForRun(second, "cancelled").get("evaluations").asInt())
                .isZero();
        client.post("/api/jobs/" + first + "/stop", "");
        client.waitForRun(first, "stopped");
        assertThat(client.get("/api/jobs").json()).isEmpty();
        assertThat(client.post("/api/jobs/" + second + "/resume", "").status()).isEqualTo(404);
    }

    @Test
    void aCrashingRunFailsAloneAndHistoryBranchingSurviveARestart() throws Exception {
        boolean[] crashed = {false};
        start(job -> {
            if (!crashed[0]) {
                crashed[0] = true;
                throw new IllegalStateException("simulated bug");
            }
        }, UploadLimits.DEFAULT);
        String content = upload(64, 48, Color.BLUE, Color.ORANGE);
        String bad = submit(controls(content, "example:hokusai-poppies", 6));
        JsonNode failed = client.waitForRun(bad, "failed");
        assertThat(failed.get("message").asText()).contains("simulated bug");
        String good = submit(controls(content, "example:hokusai-poppies", 6));
        JsonNode done = client.waitForRun(good, "done");
        assertThat(done.get("evaluations").asInt()).isEqualTo(6);
        assertThat(done.get("judge").get("total").asDouble()).isPositive();
        assertThat(ImageIO.read(new ByteArrayInputStream(client.get("/api/runs/" + good + "/thumb.png").body()))).isNotNull();

        server.close();
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), job -> {});
        client = new StudioClient(server.port(), null);
        JsonNode runs = client.get("/api/runs").json();
        assertThat(runs).hasSize(2);
        assertThat(client.get("/api/runs/" + good).json().get("status").asText()).isEqualTo("done");

        StudioClient.Reply branch = client.post("/api/runs/" + good + "/branch",
                Map.of("snapshot", 0, "controls", Map.of("styleWeight", 1000.0, "maxEvals", 4)));
        assertThat(branch.status()).as(new String(branch.body())).isEqualTo(201);
        String child = branch.json().get("id").asText();
        JsonNode childRun = client.waitForRun(child, "done");
        assertThat(childRun.get("parent").asText()).isEqualTo(good);
        assertThat(childRun.get("settings").get("init").asText()).endsWith(good + "/snapshot-0.png");
        assertThat(childRun.get("settings").get("style_weight").asDouble()).isEqualTo(1000.0);
        JsonNode preset = client.get("/api/runs/" + child + "/preset.json").json();
        assertThat(preset.get("format").asText()).isEqualTo(dev.atelier.style.settings.SettingsPreset.FORMAT);
        assertThat(preset.get("settings").get("style_weight").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void hostileUploadsAreRefusedWithOneLine() throws Exception {
        start(job -> {}, new UploadLimits(100_000, 1_000_000));
        assertRefused(client.upload(new byte[0]), "empty");
        assertRefused(client.upload("<html>not an image</html>".getBytes()), "not a PNG or JPEG");
        assertRefused(client.upload(new byte[100_001]), "larger than the limit");
        assertRefused(client.upload(bomb(30_000, 30_000)), "declares 30000x30000 pixels");
        byte[] good = StudioClient.png(64, 48, Color.BLUE, Color.ORANGE);
        assertRefused(client.upload(java.util.Arrays.copyOf(good, good.length / 2)), "damaged or truncated");
        BufferedImage gif = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        assertRefused(client.upload(StudioClient.encode(gif, "gif")), "a gif image");

        assertThat(client.upload(good).status()).isEqualTo(201);
        try (Stream<Path> files = Files.list(data.resolve("uploads"))) {
            // only the good upload is stored, under a generated name; nothing half-written is left
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement().asString().matches("[0-9a-f]{32}\\.png");
        }
        assertThat(client.get("/api/image?ref=upload:..%2F..%2Fstudio.mv.db").status()).isEqualTo(400);
        assertThat(client.get("/api/image?ref=example:..%2Fuploads").status()).isEqualTo(400);
        assertThat(client.get("/api/runs/..%2Fuploads/result.png").status()).isIn(400, 404);
    }

    @Test
    void badControlsAreRefusedBeforeAnyRun() throws Exception {
        start();
        String content = upload(64, 48, Color.BLUE, Color.ORANGE);
        Map<String, Object> c = controls(content, "example:hokusai-poppies", 5);
        c.put("bogus", 1);
        assertRefused(client.post("/api/jobs", c), "unknown field 'bogus'");
        c = controls(content, "example:hokusai-poppies", 5);
        c.put("styleLayers", "relu9_9:1");
        assertRefused(client.post("/api/jobs", c), "relu9_9");
        c = controls(content, "example:hokusai-poppies", 5);
        c.put("styles", List.of(Map.of("image", "example:hokusai-poppies", "mask",
                java.util.Base64.getEncoder().encodeToString(StudioClient.png(10, 40, Color.WHITE, Color.WHITE)))));
        assertRefused(client.post("/api/jobs", c), "aspect ratio");
        c = controls(content, "example:hokusai-poppies", 5);
        c.put("styles", List.of(Map.of("image", "example:hokusai-poppies", "mask",
                java.util.Base64.getEncoder().encodeToString(StudioClient.png(64, 48, Color.BLACK, Color.BLACK)))));
        // a black mask with a white disc is fine; an all-black one is refused
        assertThat(client.post("/api/jobs", c).status()).isEqualTo(201);
        BufferedImage black = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        c.put("styles", List.of(Map.of("image", "example:hokusai-poppies", "mask",
                java.util.Base64.getEncoder().encodeToString(StudioClient.encode(black, "png")))));
        assertRefused(client.post("/api/jobs", c), "empty");
        assertThat(client.get("/api/runs").json()).hasSize(1);
    }

    @Test
    void aTokenIsCheckedOnEveryRequestAndTheLiveChannel() throws Exception {
        assertThatThrownBy(() -> new StudioConfig("0.0.0.0", 0, data, null, 1, WeightsProvider.random(), UploadLimits.DEFAULT))
                .isInstanceOf(dev.atelier.core.SettingException.class).hasMessageContaining("give a token");
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, "s3cret-token", 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), job -> {});
        StudioClient anonymous = new StudioClient(server.port(), null);
        StudioClient wrong = new StudioClient(server.port(), "wrong-token");
        client = new StudioClient(server.port(), "s3cret-token");
        for (String path : List.of("/", "/api/info", "/api/runs", "/api/events", "/api/image?ref=example:chelsea")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
            assertThat(wrong.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.upload(StudioClient.png(8, 8, Color.RED, Color.RED)).status()).isEqualTo(401);
        assertThat(client.get("/api/info").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/info?token=s3cret-token").status()).isEqualTo(200);
        assertThat(server.url()).endsWith("/?token=s3cret-token");
        // the live channel answers with an event stream once the token is given
        var r = client.http.send(anonymous.builder("/api/events?token=s3cret-token").header("Accept", "text/event-stream").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        r.body().close();
    }

    @Test
    void withoutATokenOnlyLocalHostNamesAndOwnPagesAreServed() throws Exception {
        start();
        assertThat(rawStatus("GET /api/info HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\n")).isEqualTo(403);
        assertThat(rawStatus("GET /api/info HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\n")).isEqualTo(200);
        assertThat(rawStatus("POST /api/presets HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n", "{}")).isEqualTo(403);
    }

    private int rawStatus(String head) throws IOException {
        return rawStatus(head, "");
    }

    private int rawStatus(String head, String body) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write((head + "Connection: close\r\n\r\n" + body).getBytes());
            String line = new String(s.getInputStream().readNBytes(12));
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static void assertRefused(StudioClient.Reply r, String message) {
        assertThat(r.status()).as(new String(r.body())).isEqualTo(400);
        String error = r.json().get("error").asText();
        assertThat(error).contains(message).doesNotContain("\n").doesNotContain("Exception");
    }

    /** A PNG whose header declares {@code w x h} pixels but which holds almost nothing: a decompression bomb. */
    static byte[] bomb(int w, int h) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", deflatedZeros(4096));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflatedZeros(int n) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9);
        d.setInput(new byte[n]);
        d.finish();
        byte[] buf = new byte[n];
        int len = d.deflate(buf);
        return java.util.Arrays.copyOf(buf, len);
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
