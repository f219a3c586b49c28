package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
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

    private JsonNode waitFor(String id, java.util.function.Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("/api/harmonize/" + id).json();
            if (last != null && last.has("status") && until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; last state: " + last);
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
        Thread.sleep(800);
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
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(png.body()));
        // stopped at whatever scale it was: the result is at the working size, the painting's own pixels far
        // from the object (the object covers 30..62 x 20..52, the loose mask reaches a few pixels beyond)
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
        JsonNode sidecar = StudioClient.JSON.readTree(client.get("/api/harmonize/" + id + "/sidecar.json").body());
        assertThat(sidecar.get("scales").get("long_sides").toString()).isEqualTo("[48,96]");
        assertThat(sidecar.get("passes").get(0).get("pass").asInt()).isEqualTo(1);
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
        assertThat(client.post("/api/harmonize", tooSmall).json().get("error").asText()).contains("size");
        assertThat(client.get("/api/harmonize/" + "0".repeat(32)).status()).isEqualTo(404);
    }
}
