package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harmonize mode's two budgets ({@code quality}) and its pass 1 / pass 2 images over HTTP, at tiny sizes
 * on random VGG weights.
 */
class StudioHarmonizePassesApiTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path data;

    private StudioServer server;
    private StudioClient client;
    private BufferedImage painting;
    private String paintingRef;
    private String objectRef;

    private void start(JobQueue.RunnerHook hook) throws Exception {
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), hook);
        client = new StudioClient(server.port(), null);
        byte[] p = StudioClient.png(96, 72, Color.ORANGE, new Color(120, 40, 20));
        painting = ImageIO.read(new ByteArrayInputStream(p));
        paintingRef = client.upload(p).json().get("ref").asText();
        objectRef = client.upload(StudioClient.png(32, 32, Color.BLUE, Color.WHITE)).json().get("ref").asText();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The object at 30,20 on the 96x72 painting, its whole rectangle pasted. */
    private Map<String, Object> controls() {
        Map<String, Object> c = new HashMap<>();
        c.put("painting", paintingRef);
        c.put("object", objectRef);
        c.put("x", 30);
        c.put("y", 20);
        return c;
    }

    private JsonNode harmonization(String id) {
        return client.get("/api/harmonize/" + id).json();
    }

    private static BufferedImage decode(StudioClient.Reply r) throws Exception {
        assertThat(r.status()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("a PNG").isNotNull();
        return img;
    }

    private static void assertOneLine404(StudioClient.Reply r) {
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void passOneAndPassTwoImagesAppearAsTheirPassesFinishEachWithARisingVersion() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(job -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> c = controls();
        c.put("size", 96);
        c.put("maxEvals", 60);
        c.put("scales", "48,96");
        StudioClient.Reply submitted = client.post("/api/harmonize", c);
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        String id = submitted.json().get("id").asText();
        LiveChannel live = client.live();

        // held before it paints: no pass has an image yet
        assertThat(harmonization(id).get("passPreviews").size()).isZero();
        assertOneLine404(client.get("/api/harmonize/" + id + "/pass/1.png"));
        assertOneLine404(client.get("/api/harmonize/" + id + "/pass/2.png"));
        assertOneLine404(client.get("/api/harmonize/" + id + "/pass/3.png"));
        // the id is checked as on the other harmonize endpoints
        assertThat(client.get("/api/harmonize/not-an-id/pass/1.png").status()).isEqualTo(400);
        assertOneLine404(client.get("/api/harmonize/" + "0".repeat(32) + "/pass/1.png"));
        release.countDown();

        // the first scale's pass 1 ends: held at once, inside that scale's pass 2
        JsonNode first = live.await(e -> LiveChannel.event(id, "pass").test(e) && e.path("passPreviews").has("1"),
                PATIENCE, "pass 1's image");
        assertThat(client.post("/api/jobs/" + id + "/pause", "").status()).isEqualTo(200);
        assertThat(first.get("passPreviews").get("1").get("version").asInt()).isEqualTo(1);
        assertThat(first.get("passPreviews").get("1").get("scale").asInt()).isZero();
        client.follow(id, () -> harmonization(id), j -> j.get("status").asText().equals("paused"), "paused", PATIENCE);
        JsonNode paused = harmonization(id);
        JsonNode pass1 = paused.get("passPreviews").get("1");
        assertThat(pass1.get("version").asInt()).isEqualTo(1);
        assertThat(pass1.get("scale").asInt()).isZero();
        assertThat(pass1.get("width").asInt()).isEqualTo(48);
        assertThat(pass1.get("height").asInt()).isEqualTo(36);
        assertThat(paused.get("passPreviews").has("2")).as("pass 2 of the first scale is still running").isFalse();
        StudioClient.Reply png1 = client.get("/api/harmonize/" + id + "/pass/1.png");
        BufferedImage image1 = decode(png1);
        assertThat(new int[] {image1.getWidth(), image1.getHeight()}).containsExactly(48, 36);
        assertThat(png1.headers().firstValue("X-Atelier-Pass-Version")).hasValue("1");
        assertThat(png1.headers().firstValue("X-Atelier-Pass-Scale")).hasValue("0");
        assertOneLine404(client.get("/api/harmonize/" + id + "/pass/2.png"));

        assertThat(client.post("/api/jobs/" + id + "/resume", "").status()).isEqualTo(200);
        // pass 2 of the first scale, then both passes of the second, each a version on
        JsonNode second = live.await(e -> LiveChannel.event(id, "pass").test(e) && e.path("passPreviews").has("2"),
                PATIENCE, "pass 2's image");
        assertThat(second.get("passPreviews").get("2").get("version").asInt()).isEqualTo(1);
        assertThat(second.get("passPreviews").get("2").get("scale").asInt()).isZero();
        JsonNode fine1 = live.await(e -> LiveChannel.event(id, "pass").test(e)
                && e.path("passPreviews").path("1").path("version").asInt() == 2, PATIENCE, "pass 1 at the second scale");
        assertThat(fine1.get("passPreviews").get("1").get("scale").asInt()).isEqualTo(1);
        assertThat(fine1.get("passPreviews").get("1").get("width").asInt()).isEqualTo(96);
        JsonNode fine2 = live.await(e -> LiveChannel.event(id, "pass").test(e)
                && e.path("passPreviews").path("2").path("version").asInt() == 2, PATIENCE, "pass 2 at the second scale");
        assertThat(fine2.get("passPreviews").get("2").get("scale").asInt()).isEqualTo(1);

        client.follow(id, () -> client.get("/api/runs/" + id).json(), r -> r.path("status").asText().equals("done"),
                "the run to be done", PATIENCE);
        // once it has ended, its history row names the images kept in its run folder, and they are served from there
        JsonNode row = harmonization(id);
        assertThat(row.get("status").asText()).isEqualTo("done");
        assertThat(row.get("passPreviews").get("1").get("version").asInt()).isEqualTo(2);
        assertThat(row.get("passPreviews").get("2").get("version").asInt()).isEqualTo(2);
        assertThat(row.get("passPreviews").get("2").get("scale").asInt()).isEqualTo(1);
        BufferedImage image2 = decode(client.get("/api/harmonize/" + id + "/pass/2.png"));
        assertThat(new int[] {image2.getWidth(), image2.getHeight()}).containsExactly(96, 72);
        assertThat(decode(client.get("/api/harmonize/" + id + "/pass/1.png")).getWidth()).isEqualTo(96);
        // blended into the painting as the previews are: far from the object, the painting's own pixels
        // (the object covers 30..62 x 20..52; the loose mask reaches a few pixels beyond)
        for (int y = 0; y < 72; y += 3) {
            for (int x = 0; x < 96; x += 3) {
                if (x < 20 || x >= 72 || y < 10 || y >= 62) {
                    assertThat(image2.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(painting.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void paperQualityRunsAt700PxWith2000EvaluationsOnOneScaleUnlessTold() throws Exception {
        start(job -> {});
        Map<String, Object> c = controls();
        c.put("quality", "paper");
        StudioClient.Reply submitted = client.post("/api/harmonize", c);
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        String id = submitted.json().get("id").asText();
        assertThat(submitted.json().get("controls").get("quality").asText()).isEqualTo("paper");
        JsonNode settings = submitted.json().get("settings");
        assertThat(settings.get("quality").asText()).isEqualTo("paper");
        assertThat(settings.get("size").asInt()).isEqualTo(700);
        assertThat(settings.get("max_evaluations").asInt()).isEqualTo(2000);
        assertThat(settings.get("scales").asText()).isEqualTo("1");
        assertThat(submitted.json().get("maxEvals").asInt()).isEqualTo(2000);
        // stopped as soon as it paints: 2000 evaluations are not for a test
        client.follow(id, () -> harmonization(id), j -> !j.get("status").asText().equals("queued"), "it to start",
                PATIENCE);
        StudioClient.Reply stop = client.post("/api/jobs/" + id + "/stop", "");
        assertThat(stop.status()).as(new String(stop.body())).isIn(200, 404);
        JsonNode row = client.follow(id, () -> client.get("/api/runs/" + id).json(),
                r -> r.path("status").asText().equals("stopped"), "the run to stop", PATIENCE);
        assertThat(row.get("evaluations").asInt()).isLessThan(100);
        assertThat(row.get("settings").get("quality").asText()).isEqualTo("paper");
        assertThat(row.get("settings").get("size").asInt()).isEqualTo(700);
        JsonNode sidecar = StudioClient.JSON.readTree(client.get("/api/harmonize/" + id + "/sidecar.json").body());
        assertThat(sidecar.get("settings").get("quality").asText()).isEqualTo("paper");
        assertThat(sidecar.get("settings").get("size").asInt()).isEqualTo(700);
        assertThat(sidecar.get("settings").get("max_evaluations").asInt()).isEqualTo(2000);
        assertThat(sidecar.get("scales").get("long_sides").toString()).isEqualTo("[96]");

        // a size, budget or ladder given wins over the quality's; the others stay the quality's
        Map<String, Object> told = controls();
        told.put("quality", "paper");
        told.put("maxEvals", 40);
        StudioClient.Reply mixed = client.post("/api/harmonize", told);
        assertThat(mixed.status()).as(new String(mixed.body())).isEqualTo(201);
        String second = mixed.json().get("id").asText();
        assertThat(mixed.json().get("settings").get("max_evaluations").asInt()).isEqualTo(40);
        assertThat(mixed.json().get("settings").get("size").asInt()).isEqualTo(700);
        client.post("/api/jobs/" + second + "/stop", "");
        client.follow(second, () -> client.get("/api/runs/" + second).json(),
                r -> r.path("status").asText().matches("stopped|cancelled|done"), "the second run to end", PATIENCE);
    }

    @Test
    void aBadQualityIsRefusedWithOneLineNamingTheField() throws Exception {
        start(job -> {});
        Map<String, Object> c = controls();
        c.put("quality", "best");
        StudioClient.Reply r = client.post("/api/harmonize", c);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("quality");
        assertThat(r.json().get("error").asText()).isEqualTo("Quality: quality must be one of fast, paper, got 'best'");
        // and the page's choice comes from the same qualities, each with what it costs
        JsonNode qualities = client.get("/api/info").json().get("harmonizeQualities");
        assertThat(qualities).extracting(q -> q.get("id").asText()).containsExactly("fast", "paper");
        assertThat(qualities.get(0).get("cost").asText()).contains("about 10 seconds");
        assertThat(qualities.get(1).get("cost").asText()).contains("authors'").contains("hour");
        assertThat(qualities.get(1).get("size").asInt()).isEqualTo(700);
        assertThat(qualities.get(1).get("maxEvals").asInt()).isEqualTo(2000);
    }
}
