package dev.atelier.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.memory.MemoryBusyException;
import dev.atelier.core.text.OneLine;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Atelier Studio: a local web server (Javalin 7 on Jetty 12) serving one page and a JSON API over the
 * style engine, with a server-sent-events live channel. See docs/studio.md for the API.
 */
public final class StudioServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StudioServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            // a key given twice is refused, not silently the last one
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final List<String> PAGE_FILES = List.of("app.css");
    /** The page's ES modules ({@code /js/NAME.js}): a name of lower-case letters and dashes, nothing else. */
    private static final java.util.regex.Pattern MODULE = java.util.regex.Pattern.compile("[a-z][a-z-]*\\.js");

    private final StudioConfig config;
    private final History history;
    private final ImageLibrary library;
    private final LiveEvents events = new LiveEvents();
    private final RunStore store;
    private final JobQueue jobs;
    private final StyleNetShelf nets;
    private final InstantPainter instant;
    private final AccessGuard guard;
    private final Javalin app;

    /** Opens the data folder and starts listening. */
    public static StudioServer start(StudioConfig config) throws IOException, SQLException {
        return new StudioServer(config, job -> {});
    }

    StudioServer(StudioConfig config, JobQueue.RunnerHook hook) throws IOException, SQLException {
        this.config = config;
        // Everything that can refuse the start is checked before anything is created: a refused start
        // leaves no data folder behind.
        requireUsableDataFolder(config.dataDir());
        requirePortFree(config.host(), config.port());
        boolean created = !Files.exists(config.dataDir());
        Files.createDirectories(config.dataDir());
        try {
            this.history = new History(config.dataDir());
        } catch (SQLException | RuntimeException e) {
            if (created) {
                deleteCreated(config.dataDir());
            }
            throw e;
        }
        try {
            this.library = new ImageLibrary(config.dataDir(), config.limits());
            this.store = new RunStore(config.dataDir(), history);
            this.jobs = new JobQueue(config.workers(), store, library, events, config.weights(), hook);
            this.nets = new StyleNetShelf(config.netsDir(), config.dataDir(), config.limits().maxBytes());
            this.instant = new InstantPainter(library, nets, store);
            this.guard = new AccessGuard(config.token());
            this.app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.startup.showOldJavalinVersionWarning = false;
                c.http.maxRequestSize = config.limits().maxBytes() + (1 << 20);
                c.routes.before(guard::check);
                routes(c.routes);
                c.routes.exception(SettingException.class, (e, ctx) -> settingError(ctx, e));
                c.routes.exception(MemoryBusyException.class, (e, ctx) -> {
                    ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
                    error(ctx, 503, e.getMessage());
                });
                c.routes.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
                c.routes.exception(JobQueue.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
                c.routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, jsonError(e)));
                c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
                c.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.log(System.Logger.Level.ERROR, "request " + ctx.path() + " failed", e);
                    error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
                });
            });
            app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            history.close();
            if (created) {
                deleteCreated(config.dataDir());
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new SettingException("port", cannotListen(config.host(), config.port()));
                }
            }
            throw e;
        } catch (IOException e) {
            history.close();
            if (created) {
                deleteCreated(config.dataDir());
            }
            throw e;
        }
    }

    /**
     * The data folder must be a folder, or creatable where it is: a file there ({@code --data /etc/passwd})
     * is said as such, as a problem of the setting, not as a bare path.
     */
    private static void requireUsableDataFolder(Path dir) {
        try {
            OutputLocation.checkFolder("data folder", dir);
        } catch (InvalidInputException e) {
            throw new SettingException("data", e.getMessage());
        }
    }

    /**
     * Deletes the data folder this start created, and what it put there, after the start failed: only
     * ever a folder that did not exist before this constructor ran.
     */
    private static void deleteCreated(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the start's own error is the one to report
        }
    }

    /** Refuses a busy port with one line before anything is opened (Jetty would log a stack trace). */
    private static void requirePortFree(String host, int port) {
        java.net.InetAddress address;
        try {
            // resolved here, also for port 0: Jetty would fail on a bad name only after the data folder exists
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new SettingException("host", host + " is not an address or a name this machine can resolve");
        }
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new SettingException("port", cannotListen(host, port) + " (" + e.getMessage() + ")");
        }
    }

    private static String cannotListen(String host, int port) {
        return "cannot listen on " + host + ":" + port + ": the port is in use or the address is not this machine's; "
                + "give another port or host";
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        r.get("/", ctx -> {
            if (config.token() != null) {
                // the page's style sheet and modules are fetched before any of its script runs: they carry the
                // token as this cookie (the guard has just accepted the token the URL gave)
                ctx.header("Set-Cookie", AccessGuard.COOKIE + "=" + java.net.URLEncoder.encode(config.token(),
                        java.nio.charset.StandardCharsets.UTF_8) + "; Path=/; SameSite=Strict");
            }
            page(ctx, "index.html", "text/html; charset=utf-8");
        });
        for (String f : PAGE_FILES) {
            r.get("/" + f, ctx -> page(ctx, f, "text/css; charset=utf-8"));
        }
        r.get("/js/{file}", ctx -> {
            String f = ctx.pathParam("file");
            if (!MODULE.matcher(f).matches() || StudioServer.class.getResource("/studio/static/js/" + f) == null) {
                throw new JobQueue.NotFound("no page module " + f);
            }
            page(ctx, "js/" + f, "text/javascript; charset=utf-8");
        });
        r.sse("/api/events", events::join);
        r.get("/api/info", ctx -> json(ctx, info()));
        r.get("/api/examples", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ImageLibrary.Example e : library.examples()) {
                out.add(Map.of("ref", e.ref(), "name", e.name(), "kind", e.kind()));
            }
            json(ctx, out);
        });
        r.get("/api/image", ctx -> file(ctx, library.resolve(ctx.queryParam("ref")), null));
        r.get("/api/thumb", ctx -> file(ctx, library.thumbnail(ctx.queryParam("ref")), null));
        r.get("/api/uploads", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ImageLibrary.Upload u : library.uploads()) {
                out.add(Map.of("ref", u.ref(), "width", u.width(), "height", u.height()));
            }
            json(ctx, out);
        });
        r.post("/api/uploads", ctx -> {
            ImageLibrary.Upload u;
            try (InputStream in = ctx.bodyInputStream()) {
                u = library.store(in);
            }
            json(ctx.status(201), Map.of("ref", u.ref(), "width", u.width(), "height", u.height()));
        });
        r.get("/api/nets", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (StyleNetShelf.Entry e : nets.list()) {
                out.add(e.describe());
            }
            json(ctx, out);
        });
        r.post("/api/nets", ctx -> {
            StyleNetShelf.Entry e;
            try (InputStream in = ctx.bodyInputStream()) {
                e = nets.store(in, ctx.queryParam("name"));
            } catch (SettingException x) {
                throw x;
            } catch (InvalidInputException x) {
                // said beside the network's field, as a bad setting is
                throw new SettingException("style_net", x.getMessage());
            }
            json(ctx.status(201), e.describe());
        });
        r.post("/api/instant", ctx -> json(ctx.status(201), describe(instant.paint(parse(ctx, InstantPainter.Request.class)))));
        r.post("/api/jobs", ctx -> json(ctx.status(201), jobs.submit(parse(ctx, Controls.class), null, null).describe(false)));
        r.post("/api/harmonize", ctx -> json(ctx.status(201),
                jobs.submitHarmonization(parse(ctx, HarmonizeControls.class)).describe(false)));
        r.get("/api/harmonize/{id}", ctx -> json(ctx, harmonization(ctx.pathParam("id"))));
        r.get("/api/harmonize/{id}/result.png", ctx -> {
            String id = ctx.pathParam("id");
            file(ctx, RunFiles.of(config.dataDir(), id).result(), ctx.queryParam("download") != null
                    ? "atelier-harmonized-" + id + ".png" : null);
        });
        r.get("/api/harmonize/{id}/sidecar.json", ctx -> {
            String id = ctx.pathParam("id");
            file(ctx, RunFiles.of(config.dataDir(), id).sidecar(), ctx.queryParam("download") != null
                    ? "atelier-harmonized-" + id + ".png.json" : null);
        });
        r.get("/api/harmonize/{id}/pass/{file}", ctx -> passPreview(ctx, ctx.pathParam("id"), ctx.pathParam("file")));
        r.get("/api/jobs", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Job<?> j : jobs.active()) {
                out.add(j.describe(false));
            }
            json(ctx, out);
        });
        r.get("/api/jobs/{id}", ctx -> json(ctx, job(ctx).describe(true)));
        r.get("/api/jobs/{id}/preview.png", ctx -> {
            byte[] png = job(ctx).preview;
            if (png == null) {
                throw new JobQueue.NotFound("no preview yet");
            }
            ctx.header("Cache-Control", "no-store").contentType("image/png").result(png);
        });
        r.post("/api/jobs/{id}/pause", ctx -> {
            jobs.pause(ctx.pathParam("id"));
            json(ctx, job(ctx).describe(false));
        });
        r.post("/api/jobs/{id}/resume", ctx -> {
            jobs.resume(ctx.pathParam("id"));
            json(ctx, job(ctx).describe(false));
        });
        r.post("/api/jobs/{id}/stop", ctx -> {
            jobs.stop(ctx.pathParam("id"));
            json(ctx, Map.of("id", ctx.pathParam("id"), "stopping", true));
        });
        r.post("/api/jobs/{id}/change", ctx -> {
            jobs.change(ctx.pathParam("id"), parse(ctx, Controls.class));
            json(ctx, job(ctx).describe(false));
        });
        r.get("/api/runs", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RunRecord rec : history.list(200)) {
                out.add(describe(rec));
            }
            json(ctx, out);
        });
        r.get("/api/runs/{id}", ctx -> json(ctx, describe(run(ctx))));
        r.get("/api/runs/{id}/result.png", ctx -> {
            RunRecord rec = run(ctx);
            file(ctx, files(rec).result(), ctx.queryParam("download") != null ? downloadName(rec) + ".png" : null);
        });
        r.get("/api/runs/{id}/sidecar.json", ctx -> {
            RunRecord rec = run(ctx);
            file(ctx, files(rec).sidecar(), ctx.queryParam("download") != null ? downloadName(rec) + ".png.json" : null);
        });
        r.get("/api/runs/{id}/thumb.png", ctx -> file(ctx, files(run(ctx)).thumbnail(), null));
        r.get("/api/runs/{id}/snapshots/{k}", ctx -> file(ctx, files(run(ctx)).snapshot(snapshotIndex(ctx.pathParam("k"))), null));
        r.get("/api/runs/{id}/preset.json", ctx -> {
            RunRecord rec = transfer(run(ctx), "has no preset");
            ctx.header("Content-Disposition", "attachment; filename=\"atelier-preset-" + rec.id() + ".json\"");
            json(ctx, Preset.of(rec.changes().isEmpty() ? rec.controls() : rec.changes().get(rec.changes().size() - 1)));
        });
        r.post("/api/presets", ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"atelier-preset.json\"");
            json(ctx, Preset.of(parse(ctx, Controls.class)));
        });
        r.post("/api/runs/{id}/branch", ctx -> {
            RunRecord rec = run(ctx);
            if (rec.kind() != RunRecord.Kind.INSTANT) {
                transfer(rec, "cannot be branched");
            }
            JsonNode body = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
            int k = body.has("snapshot") ? body.get("snapshot").asInt(-1) : rec.snapshots() - 1;
            if (k < 0 || k >= rec.snapshots()) {
                throw new InvalidInputException("run " + rec.id() + " has snapshots 0.." + (rec.snapshots() - 1) + ", not " + k);
            }
            Controls base = store.withStoredMasks(rec);
            if (!rec.changes().isEmpty()) {
                // a steered run continues with the controls it ended with
                base = base.steeredBy(rec.changes().get(rec.changes().size() - 1).steerableOnly());
            }
            Controls override = body.has("controls") ? JSON.treeToValue(body.get("controls"), Controls.class)
                    : Controls.none();
            Controls branched = base.overriddenBy(override);
            if (!override.settings().containsKey("scales") && rec.kind() != RunRecord.Kind.INSTANT) {
                // the snapshot is already a painting: continue it at the full size (a refinement of an
                // instant picture is the normal optimisation from it, as stylize --init-net, scales and all)
                branched = branched.with("scales", "1");
            }
            json(ctx.status(201), jobs.submit(branched, rec.id(), k).describe(false));
        });
    }

    private static int snapshotIndex(String text) {
        String t = text.endsWith(".png") ? text.substring(0, text.length() - 4) : text;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new JobQueue.NotFound("no snapshot " + text);
        }
    }

    private Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", config.workers());
        // every field's label, default and range, from the settings tables: the page shows what the CLI shows
        m.put("defaults", StudioSettings.defaults());
        m.put("settings", StudioSettings.describe(StyleTransferSettingsTable.TABLE, Controls.STEERABLE));
        m.put("harmonizeSettings", StudioSettings.describe(HarmonizationSettingsTable.TABLE, java.util.Set.of()));
        m.put("harmonizeQualities", StudioSettings.qualities());
        m.put("limits", Map.of("uploadBytes", config.limits().maxBytes(), "uploadPixels", config.limits().maxPixels(),
                "size", Controls.MAX_SIZE, "maxEvals", Controls.MAX_EVALS, "styles", Controls.MAX_STYLES));
        return m;
    }

    /**
     * A history row as the API gives it: {@code kind} says whether {@code controls} are a style transfer's or a
     * harmonization's; {@code judge} is a style transfer's, {@code metrics} a harmonization's.
     */
    private Map<String, Object> describe(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().label());
        m.put("parent", r.parent());
        m.put("parentSnapshot", r.parentSnapshot());
        m.put("created", r.created());
        m.put("finished", r.finished());
        m.put("status", r.status());
        m.put("controls", r.kind() == RunRecord.Kind.HARMONIZE ? r.harmonizeControls() : r.controls());
        m.put("changes", r.changes());
        m.put("settings", r.settings());
        m.put("judge", r.judge());
        m.put("metrics", r.metrics());
        m.put("evaluations", r.evaluations());
        m.put("finalLoss", r.finalLoss());
        m.put("message", r.message());
        m.put("snapshots", r.snapshots());
        m.put("hasResult", Files.isRegularFile(files(r).result()));
        return m;
    }

    private Job<?> job(Context ctx) {
        return jobs.job(ctx.pathParam("id")).orElseThrow(() -> new JobQueue.NotFound("no job " + ctx.pathParam("id")));
    }

    private RunRecord run(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        RunFiles.of(config.dataDir(), id);
        return history.find(id).orElseThrow(() -> new JobQueue.NotFound("no run " + id));
    }

    /** The name a run's download is saved under, without its extension (the same as its live job's). */
    private static String downloadName(RunRecord rec) {
        return (rec.kind() == RunRecord.Kind.HARMONIZE ? "atelier-harmonized-" : "atelier-") + rec.id();
    }

    /** A harmonization: the live job with its curve while it paints, then its history row. */
    private Map<String, Object> harmonization(String id) throws SQLException {
        // validated first, as every other harmonize endpoint does: a bad id is a 400, never a lookup
        RunFiles.of(config.dataDir(), id);
        Optional<Job<?>> live = jobs.harmonization(id);
        if (live.isPresent()) {
            return live.get().describe(true);
        }
        Map<String, Object> row = history.find(id).filter(rec -> rec.kind() == RunRecord.Kind.HARMONIZE)
                .map(this::describe).orElseThrow(() -> new JobQueue.NotFound("no harmonization " + id));
        try {
            row.put("passPreviews", store.storedPasses(id));
        } catch (IOException e) {
            row.put("passPreviews", Map.of());
        }
        return row;
    }

    /**
     * A harmonization's latest image of {@code pass}: from the job while it paints (with its version and
     * scale in {@code X-Atelier-Pass-Version} and {@code X-Atelier-Pass-Scale}), then from its run folder.
     */
    private void passPreview(Context ctx, String id, String file) throws IOException {
        RunFiles files = RunFiles.of(config.dataDir(), id);
        int pass = PassPreviews.parse(file);
        Optional<Job<?>> live = jobs.harmonization(id);
        byte[] png;
        if (live.isPresent()) {
            PassPreviews.Shot shot = live.get().passPreviews.get(pass);
            if (shot == null) {
                throw new JobQueue.NotFound("harmonization " + id + " has no pass " + pass + " image yet");
            }
            ctx.header("X-Atelier-Pass-Version", Integer.toString(shot.version()));
            ctx.header("X-Atelier-Pass-Scale", Integer.toString(shot.scale()));
            png = shot.png();
        } else if (Files.isRegularFile(files.pass(pass))) {
            png = Files.readAllBytes(files.pass(pass));
        } else {
            throw new JobQueue.NotFound("harmonization " + id + " has no pass " + pass + " image");
        }
        ctx.header("Cache-Control", "no-store").contentType("image/png").result(png);
    }

    /** {@code rec} when it is a style transfer; a harmonization is refused with one line saying it {@code cannot}. */
    private static RunRecord transfer(RunRecord rec, String cannot) {
        if (rec.kind() != RunRecord.Kind.TRANSFER) {
            throw new InvalidInputException("run " + rec.id() + " is a harmonization: it " + cannot);
        }
        return rec;
    }

    private RunFiles files(RunRecord r) {
        return RunFiles.of(config.dataDir(), r.id());
    }

    private static <T> T parse(Context ctx, Class<T> type) throws JsonProcessingException {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new InvalidInputException("the request needs a JSON body");
        }
        try {
            return JSON.readValue(body, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            // a control the settings table refuses is reported as itself, next to its field
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException bad) {
                    throw bad;
                }
            }
            throw e;
        }
    }

    private static String jsonError(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        String m = e.getOriginalMessage();
        return "bad JSON: " + (m == null ? e.getClass().getSimpleName() : OneLine.of(m));
    }

    private static void page(Context ctx, String name, String type) throws IOException {
        try (InputStream in = StudioServer.class.getResourceAsStream("/studio/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the studio page " + name + " is missing from the jar");
            }
            ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
        }
    }

    private static void file(Context ctx, Path file, String downloadName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new JobQueue.NotFound("no such file yet");
        }
        String name = file.getFileName().toString();
        ctx.contentType(name.endsWith(".json") ? "application/json" : name.endsWith(".jpg") ? "image/jpeg" : "image/png");
        if (downloadName != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        ctx.result(Files.readAllBytes(file));
    }

    private static void json(Context ctx, Object o) throws JsonProcessingException {
        ctx.contentType("application/json").result(JSON.writeValueAsString(o));
    }

    /**
     * A bad setting, said with the field's label and named by its field, so the page shows it next to that
     * field: {@code {"error": "Size (px): must be at least 16 pixels, got 8", "field": "size"}}.
     */
    private static void settingError(Context ctx, SettingException e) {
        String label = StudioSettings.label(e.key());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e.render(label));
        m.put("field", FrontEnd.STUDIO.nameOf(e.key()));
        m.put("label", label);
        try {
            ctx.status(400).contentType("application/json").result(JSON.writeValueAsString(m));
        } catch (JsonProcessingException x) {
            ctx.status(400).result(e.render(label));
        }
    }

    private static void error(Context ctx, int status, String message) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            ctx.status(status).result(message);
        }
    }

    /** The actual port (useful when the config asked for 0). */
    public int port() {
        return app.port();
    }

    /** The URL to open, token included when there is one. */
    public String url() {
        String h = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        return "http://" + h + ":" + port() + "/" + (config.token() == null ? "" : "?token=" + java.net.URLEncoder.encode(config.token(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        try {
            jobs.close();
        } finally {
            events.closeAll();
            app.stop();
            history.close();
        }
    }
}
