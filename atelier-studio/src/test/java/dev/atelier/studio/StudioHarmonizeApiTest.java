package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's harmonize mode over HTTP, at tiny sizes on random VGG weights. */
class StudioHarmonizeApiTest {
    @TempDir
    Path data;

    private StudioServer server;
    private StudioClient client;
    private BufferedImage painting;
    private String paintingRef;
    private String objectRef;

    @BeforeEach
    void start() throws Exception {
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), job -> {});
        client = new StudioClient(server.port(), null);
        byte[] p = StudioClient.png(96, 72, Color.ORANGE, new Color(120, 40, 20));
        painting = ImageIO.read(new ByteArrayInputStream(p));
        paintingRef = client.upload(p).json().get("ref").asText();
        objectRef = client.upload(StudioClient.png(32, 32, Color.BLUE, Color.WHITE)).json().get("ref").asText();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** A 32x32 mask: a disc of radius 12, as the page's brush would paint it. */
    private static String discMask(boolean empty) {
        BufferedImage m = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        if (!empty) {
            g.fillOval(4, 4, 24, 24);
        }
        g.dispose();
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(StudioClient.encode(m, "png"));
    }

    private Map<String, Object> controls(int x, int y, String mask) {
        Map<String, Object> c = new HashMap<>();
        c.put("painting", paintingRef);
        c.put("object", objectRef);
        c.put("mask", mask);
        c.put("x", x);
        c.put("y", y);
        c.put("size", 96);
        c.put("maxEvals", 400);
        c.put("scales", "48,96");
        c.put("previewEvery", 2);
        return c;
    }

    /** Waits until harmonization {@code id}, as {@code /api/harmonize/{id}} shows it, satisfies {@code until}. */
    private JsonNode waitFor(String id, java.util.function.Predicate<JsonNode> until, String what) throws Exception {
        return client.follow(id, () -> client.get("/api/harmonize/" + id).json(), h -> h.has("status") && until.test(h),
                what, Duration.ofSeconds(60));
    }

    @Test
    void placePaintStartWatchPauseResumeStopDownload() throws Exception {
        StudioClient.Reply submitted = client.post("/api/harmonize", controls(30, 20, discMask(false)));
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        assertThat(submitted.json().get("kind").asText()).isEqualTo("harmonize");
        assertThat(submitted.json().get("controls").get("mask").asText()).isEqualTo("painted");
        String id = submitted.json().get("id").asText();

        // it blends live: previews while the coarse scale runs, from the same endpoint as a style transfer's
        waitFor(id, j -> j.get("evaluations").asInt() >= 3 && j.get("previewVersion").asInt() >= 1, "a preview");
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(client.get("/api/jobs/" + id + "/preview.png").body()));
        assertThat(preview.getWidth()).isEqualTo(48);

        assertThat(client.post("/api/jobs/" + id + "/pause", "").status()).isEqualTo(200);
        JsonNode paused = waitFor(id, j -> j.get("status").asText().equals("paused"), "paused");
        int held = paused.get("evaluations").asInt();
        client.live().assertNone(e -> LiveChannel.event(id, "eval").test(e) && e.get("evaluation").asInt() > held,
                Duration.ofMillis(800), "an evaluation while paused");
        assertThat(client.get("/api/harmonize/" + id).json().get("evaluations").asInt()).isEqualTo(held);
        // a harmonization is held, not steered
        StudioClient.Reply change = client.post("/api/jobs/" + id + "/change", Map.of("styleWeight", 10.0));
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.json().get("error").asText()).contains("cannot be steered");

        assertThat(client.post("/api/jobs/" + id + "/resume", "").status()).isEqualTo(200);
        waitFor(id, j -> j.get("evaluations").asInt() >= held + 2, "evaluations after resume");
        assertThat(client.post("/api/jobs/" + id + "/stop", "").status()).isEqualTo(200);
        JsonNode done = waitFor(id, j -> j.get("status").asText().equals("stopped"), "stopped");
        assertThat(done.get("evaluations").asInt()).isLessThan(400);

        StudioClient.Reply png = client.get("/api/harmonize/" + id + "/result.png?download=1");
        assertThat(png.status()).isEqualTo(200);
        // stopped at whatever scale it was: the result is at the working size
        assertPaintingKeptFarFromObject(ImageIO.read(new ByteArrayInputStream(png.body())));
        JsonNode sidecar = StudioClient.JSON.readTree(client.get("/api/harmonize/" + id + "/sidecar.json").body());
        assertThat(sidecar.get("scales").get("long_sides").toString()).isEqualTo("[48,96]");
        assertThat(sidecar.get("passes").get(0).get("pass").asInt()).isEqualTo(1);
    }

    /**
     * The result at the working size, with the painting's own pixels far from the object (the object at 30,20
     * covers 30..62 x 20..52, the loose mask reaches a few pixels beyond).
     */
    private void assertPaintingKeptFarFromObject(BufferedImage result) {
        assertThat(result.getWidth()).isEqualTo(96);
        assertThat(result.getHeight()).isEqualTo(72);
        for (int y = 0; y < 72; y += 3) {
            for (int x = 0; x < 96; x += 3) {
                boolean far = x < 20 || x >= 72 || y < 10 || y >= 62;
                if (far) {
                    assertThat(result.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(painting.getRGB(x, y));
                }
            }
        }
    }

    private void restart(JobQueue.RunnerHook hook) throws Exception {
        server.close();
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), hook);
        client = new StudioClient(server.port(), null);
    }

    @Test
    void aFinishedHarmonizationIsInTheHistoryBesideStyleRunsAndSurvivesARestart() throws Exception {
        Map<String, Object> c = controls(30, 20, discMask(false));
        c.put("maxEvals", 8);
        StudioClient.Reply submitted = client.post("/api/harmonize", c);
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        String id = submitted.json().get("id").asText();
        // its row exists from the moment it is queued
        JsonNode early = client.get("/api/runs/" + id).json();
        assertThat(early.get("kind").asText()).isEqualTo("harmonize");
        assertThat(early.get("status").asText()).isIn("queued", "running", "done");

        JsonNode row = client.waitForRun(id, "done");
        assertThat(row.get("controls").get("painting").asText()).isEqualTo(paintingRef);
        assertThat(row.get("controls").get("mask").asText()).isEqualTo("painted");
        assertThat(row.get("controls").get("x").asInt()).isEqualTo(30);
        assertThat(row.get("settings").get("max_evaluations").asInt()).isEqualTo(8);
        assertThat(row.get("evaluations").asInt()).isBetween(1, 8);
        assertThat(row.get("finished").asLong()).isBetween(row.get("created").asLong(), System.currentTimeMillis());
        assertThat(row.get("hasResult").asBoolean()).isTrue();
        assertThat(row.get("judge").isNull()).isTrue();
        // the harmonizer's before/after metrics: the naive composite is at distance 0 from itself, and the
        // painted result has moved away from it
        JsonNode metrics = row.get("metrics");
        assertThat(metrics.get("naive_composite").get("content_relu4_1").asDouble()).isZero();
        assertThat(metrics.get("result").get("content_relu4_1").asDouble()).isPositive();
        assertThat(metrics.get("result").get("gram").size()).isEqualTo(5);
        JsonNode sidecar = StudioClient.JSON.readTree(client.get("/api/runs/" + id + "/sidecar.json").body());
        assertThat(sidecar.get("metrics")).isEqualTo(metrics);
        byte[] result = client.get("/api/runs/" + id + "/result.png?download=1").body();
        assertPaintingKeptFarFromObject(ImageIO.read(new ByteArrayInputStream(result)));
        assertThat(client.get("/api/harmonize/" + id + "/result.png").body()).isEqualTo(result);

        // a style transfer beside it, one cheap evaluation
        Map<String, Object> style = new HashMap<>();
        style.put("content", objectRef);
        style.put("styles", java.util.List.of(Map.of("image", paintingRef)));
        style.put("size", 32);
        style.put("maxEvals", 2);
        style.put("scales", "1");
        StudioClient.Reply run = client.post("/api/jobs", style);
        assertThat(run.status()).as(new String(run.body())).isEqualTo(201);
        String transfer = run.json().get("id").asText();
        client.waitForRun(transfer, "done");

        restart(job -> {});
        JsonNode runs = client.get("/api/runs").json();
        Map<String, String> kinds = new HashMap<>();
        runs.forEach(r -> kinds.put(r.get("id").asText(), r.get("kind").asText()));
        assertThat(kinds).isEqualTo(Map.of(id, "harmonize", transfer, "transfer"));
        JsonNode again = client.get("/api/runs/" + id).json();
        assertThat(again.get("status").asText()).isEqualTo("done");
        assertThat(again.get("metrics")).isEqualTo(metrics);
        assertThat(again.get("finished")).isEqualTo(row.get("finished"));
        // the harmonize endpoint answers from the history once the job has gone
        JsonNode h = client.get("/api/harmonize/" + id).json();
        assertThat(h.get("kind").asText()).isEqualTo("harmonize");
        assertThat(h.get("status").asText()).isEqualTo("done");
        assertThat(client.get("/api/runs/" + id + "/result.png?download=1").body()).isEqualTo(result);
        assertThat(ImageIO.read(new ByteArrayInputStream(client.get("/api/runs/" + id + "/thumb.png").body()))).isNotNull();
        // a style transfer's row is not a harmonization, and a harmonization is neither branched nor a preset
        assertThat(client.get("/api/harmonize/" + transfer).status()).isEqualTo(404);
        StudioClient.Reply branch = client.post("/api/runs/" + id + "/branch", "{}");
        assertThat(branch.status()).isEqualTo(400);
        assertThat(branch.json().get("error").asText()).contains("is a harmonization");
        assertThat(client.get("/api/runs/" + id + "/preset.json").status()).isEqualTo(400);
    }

    @Test
    void harmonizationsQueuedOrRunningWhenTheServerStopsAreMarkedInterrupted() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch painting = new java.util.concurrent.CountDownLatch(1);
        // the first harmonization holds the only worker until the server stops (closing interrupts it)
        restart(job -> {
            painting.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("the server stopped", e);
            }
        });
        String running = client.post("/api/harmonize", controls(30, 20, null)).json().get("id").asText();
        String queued = client.post("/api/harmonize", controls(10, 10, null)).json().get("id").asText();
        // the worker calls the hook once the run's row says running
        assertThat(painting.await(StudioClient.PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .as("the first harmonization reached the worker").isTrue();
        assertThat(client.get("/api/runs/" + running).json().get("status").asText()).isEqualTo("running");
        assertThat(client.get("/api/runs/" + queued).json().get("status").asText()).isEqualTo("queued");

        restart(job -> {});
        JsonNode interrupted = client.get("/api/runs/" + queued).json();
        assertThat(interrupted.get("kind").asText()).isEqualTo("harmonize");
        assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
        assertThat(interrupted.get("message").asText()).contains("server stopped");
        assertThat(interrupted.get("finished").isNull()).isTrue();
        assertThat(interrupted.get("hasResult").asBoolean()).isFalse();
        // the running one was ended by the closing server itself: it failed, with the reason
        JsonNode ended = client.get("/api/runs/" + running).json();
        assertThat(ended.get("status").asText()).isEqualTo("failed");
        assertThat(ended.get("message").asText()).contains("the server stopped");
    }

    @Test
    void badPlacementsAndMasksAreRefusedWithOneLine() {
        StudioClient.Reply outside = client.post("/api/harmonize", controls(200, 20, null));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().get("error").asText()).contains("outside the 96x72 painting");
        StudioClient.Reply empty = client.post("/api/harmonize", controls(30, 20, discMask(true)));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).contains("empty");
        Map<String, Object> noObject = controls(30, 20, null);
        noObject.remove("object");
        assertThat(client.post("/api/harmonize", noObject).json().get("error").asText()).contains("a painting and an object");
        Map<String, Object> tooSmall = controls(30, 20, null);
        tooSmall.put("size", 8);
        StudioClient.Reply small = client.post("/api/harmonize", tooSmall);
        // said with the field's label, and naming the field so that the page shows it there
        assertThat(small.json().get("error").asText()).isEqualTo("Size (px): must be between 64 and 1024 pixels, got 8");
        assertThat(small.json().get("field").asText()).isEqualTo("size");
        assertThat(client.get("/api/harmonize/" + "0".repeat(32)).status()).isEqualTo(404);
    }
}
