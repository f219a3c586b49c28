package dev.atelier.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local JDK HTTP server on 127.0.0.1 that serves generated weight files. */
class WeightDownloaderTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    /** Paths whose next response stops after this many bytes, as a dropped connection would. */
    private final Map<String, Integer> truncateOnce = new LinkedHashMap<>();
    /** Paths whose next responses (this many) send this many bytes and then stall: count, bytes. */
    private final Map<String, int[]> stall = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    /** Paths answered with a redirect to the given location. */
    private final Map<String, String> redirects = new LinkedHashMap<>();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
    private final List<String> rangesServed = Collections.synchronizedList(new ArrayList<>());
    private final WeightDownloader downloader = WeightDownloader.builder()
            .optConnectTimeout(Duration.ofSeconds(2)).optProgress(null).build();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        // Stalled responses block their handler thread; the others must still be served.
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves {@link #files} with single byte-range support, like a CDN. */
    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            requested.add(ex.getRequestURI().getPath());
            String target = redirects.get(ex.getRequestURI().getPath());
            if (target != null) {
                ex.getResponseHeaders().set("Location", target);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            int to = body.length - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches()) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                from = Integer.parseInt(m.group(1));
                if (from >= body.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                to = m.group(2).isEmpty() ? body.length - 1 : Math.min(Integer.parseInt(m.group(2)), body.length - 1);
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
                rangesServed.add(from + "-" + to);
            }
            int length = to - from + 1;
            ex.sendResponseHeaders(status, length);
            Integer cut = truncateOnce.remove(ex.getRequestURI().getPath());
            int[] stalls = stall.get(ex.getRequestURI().getPath());
            if (stalls != null && stalls[0] > 0) {
                stalls[0]--;
                OutputStream out = ex.getResponseBody();
                out.write(body, from, Math.min(stalls[1], length));
                out.flush();
                // Keep the connection open and silent, as a stalled server does.
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            OutputStream out = ex.getResponseBody();
            out.write(body, from, cut == null ? length : cut);
            out.flush();
            if (cut != null) {
                // Drop the connection mid-body, as a flaky network would.
                throw new IOException("simulated dropped connection");
            }
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** A small safetensors classifier checkpoint: two feature layers and a classifier layer. */
    private byte[] classifierSafetensors() throws IOException {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("classifier.0.weight", TensorData.ofFloats(new long[] {4, 8}, ramp(32, 100)));
        t.put("features.0.bias", TensorData.ofFloats(new long[] {4}, ramp(4, 10)));
        t.put("features.0.weight", TensorData.ofFloats(new long[] {4, 3, 3, 3}, ramp(108, 0)));
        t.put("classifier.0.bias", TensorData.ofFloats(new long[] {4}, ramp(4, 200)));
        t.put("features.2.weight", TensorData.ofFloats(new long[] {4, 4, 3, 3}, ramp(144, 300)));
        Path f = dir.resolve("gen.safetensors");
        SafetensorsWriter.write(f, new StateDict(t), Map.of());
        return Files.readAllBytes(f);
    }

    private static float[] ramp(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    private byte[] smallPth() throws IOException {
        Path f = dir.resolve("gen.pth");
        TestCheckpoints.writeZip(f, Map.of("features.0.weight",
                new TestCheckpoints.View("0", 0, new long[] {2, 3}, new long[] {3, 1})), Map.of("0", ramp(6, 1)));
        return Files.readAllBytes(f);
    }

    @Test
    void downloadsAndChecksTheShaPrefix() throws IOException {
        byte[] pth = smallPth();
        files.put("/models/w.pth", pth);
        Path part = dir.resolve("dl/w.pth.part");
        String expected = Sha256.of(dir.resolve("gen.pth"));

        String sha = downloader.download(url("/models/w.pth"), part, expected.substring(0, 8));

        assertThat(sha).isEqualTo(expected);
        assertThat(part).hasBinaryContent(pth);
        assertThat(rangesServed).isEmpty();
    }

    @Test
    void resumesABrokenDownloadWithARangeRequest() throws IOException {
        byte[] pth = smallPth();
        files.put("/w.pth", pth);
        truncateOnce.put("/w.pth", pth.length / 3);
        Path part = dir.resolve("w.pth.part");
        String expected = Sha256.of(dir.resolve("gen.pth"));

        assertThatThrownBy(() -> downloader.download(url("/w.pth"), part, expected))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broke off after")
                .hasMessageContaining("run the same command again to resume");
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isBetween(1L, (long) pth.length - 1);

        assertThat(downloader.download(url("/w.pth"), part, expected)).isEqualTo(expected);
        assertThat(rangesServed).containsExactly(kept + "-" + (pth.length - 1));
        assertThat(part).hasBinaryContent(pth);
    }

    @Test
    void wrongChecksumDeletesTheDownload() throws IOException {
        files.put("/w.pth", smallPth());
        Path part = dir.resolve("w.pth.part");
        assertThatThrownBy(() -> downloader.download(url("/w.pth"), part, "00000000"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("expected a SHA-256 starting with 00000000");
        assertThat(part).doesNotExist();
    }

    @Test
    void fetchesOnlyTheFeatureTensorsByRange() throws IOException {
        byte[] whole = classifierSafetensors();
        files.put("/timm/model.safetensors", whole);
        StateDict all = WeightFiles.read(dir.resolve("gen.safetensors"));
        SafetensorsHeader header = SafetensorsReader.readHeader(dir.resolve("gen.safetensors"));

        StateDict features = downloader.fetchTensors(url("/timm/model.safetensors"), k -> k.startsWith("features."));

        assertThat(features.keys()).containsExactly("features.0.bias", "features.0.weight", "features.2.weight");
        for (String k : features.keys()) {
            assertThat(features.find(k).orElseThrow().toFloatArray()).as(k)
                    .containsExactly(all.find(k).orElseThrow().toFloatArray());
        }
        // Header length, header, one request for the two adjacent features.0 tensors, one for
        // features.2.weight (classifier.0.bias lies between them): no classifier byte is fetched.
        assertThat(rangesServed).containsExactly("0-7", "8-" + (header.dataStart() - 1),
                span(header, "features.0.bias", "features.0.weight"), span(header, "features.2.weight", "features.2.weight"));
    }

    private static String span(SafetensorsHeader header, String first, String last) {
        return (header.dataStart() + header.tensors().get(first).begin()) + "-"
                + (header.dataStart() + header.tensors().get(last).end() - 1);
    }

    @Test
    void fetcherStoresFeaturesOnlyFilesAndWholeCheckpoints() throws IOException {
        files.put("/timm/model.safetensors", classifierSafetensors());
        byte[] pth = smallPth();
        files.put("/models/small-" + Sha256.of(dir.resolve("gen.pth")).substring(0, 8) + ".pth", pth);
        WeightStore store = new WeightStore(dir.resolve("cache"));
        WeightFetcher fetcher = new WeightFetcher(store, downloader);

        StoredWeights features = fetcher.fetch(new KnownWeights.Entry("tiny-features", url("/timm/model.safetensors"),
                "", KnownWeights.Kind.FEATURES_BY_RANGE, "unknown"), false);
        String pthPath = files.keySet().stream().filter(p -> p.endsWith(".pth")).findFirst().orElseThrow();
        String prefix = pthPath.substring(pthPath.lastIndexOf('-') + 1, pthPath.lastIndexOf('.'));
        StoredWeights whole = fetcher.fetch(new KnownWeights.Entry("tiny", url(pthPath), prefix,
                KnownWeights.Kind.WHOLE_FILE, "unknown"), false);

        assertThat(store.resolve("tiny-features").stateDict().keys())
                .containsExactly("features.0.bias", "features.0.weight", "features.2.weight");
        assertThat(features.sha256()).isEqualTo(Sha256.of(store.pathOf(features)));
        assertThat(store.pathOf(whole)).hasBinaryContent(pth);
        assertThat(store.verify(java.util.Optional.empty())).allMatch(v -> v.status() == WeightStore.Verification.Status.OK);
        try (var left = Files.list(store.downloadsDir())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void serverDownFailsFastWithAnImportHint() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        WeightFetcher fetcher = new WeightFetcher(new WeightStore(dir.resolve("cache")), downloader);
        KnownWeights.Entry entry = new KnownWeights.Entry("vgg16_bn",
                URI.create("http://127.0.0.1:" + port + "/models/vgg16_bn-6c64b313.pth"), "6c64b313",
                KnownWeights.Kind.WHOLE_FILE, "vgg16_bn");

        assertThatThrownBy(() -> fetcher.fetch(entry, false))
                .isInstanceOf(WeightFetcher.OfflineException.class)
                .hasMessage("cannot reach 127.0.0.1 (offline?). Download vgg16_bn-6c64b313.pth elsewhere and import it"
                        + " into the store as 'vgg16_bn'");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        // The kernel completes the TCP handshake for a listening socket nobody reads from.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WeightDownloader impatient = WeightDownloader.builder().optResponseTimeout(Duration.ofMillis(300))
                    .optProgress(null).build();
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/w.pth");
            assertThatThrownBy(() -> impatient.download(url, dir.resolve("w.part"), ""))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("did not answer");
        }
    }

    private WeightDownloader impatient(int retries) {
        return WeightDownloader.builder().optIdleTimeout(Duration.ofMillis(300)).optRetries(retries)
                .optProgress(null).build();
    }

    @Test
    void aStalledBodyIsResumedWithARangeRequest() throws IOException {
        byte[] pth = smallPth();
        files.put("/w.pth", pth);
        stall.put("/w.pth", new int[] {1, pth.length / 2});
        Path part = dir.resolve("w.pth.part");
        String expected = Sha256.of(dir.resolve("gen.pth"));

        assertThat(impatient(2).download(url("/w.pth"), part, expected)).isEqualTo(expected);
        assertThat(rangesServed).containsExactly((pth.length / 2) + "-" + (pth.length - 1));
        assertThat(part).hasBinaryContent(pth);
    }

    @Test
    void aBodyThatKeepsStallingFailsOnOneLineAndKeepsThePart() throws IOException {
        byte[] pth = smallPth();
        files.put("/w.pth", pth);
        stall.put("/w.pth", new int[] {10, 100});
        Path part = dir.resolve("w.pth.part");

        assertThatThrownBy(() -> impatient(1).download(url("/w.pth"), part, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stalled (no data for 0.3 s, 2 tries) after 200 bytes")
                .hasMessageContaining("run the same command again to resume");
        assertThat(Files.size(part)).isEqualTo(200);
    }

    @Test
    void aStalledRangeRequestFailsOnOneLine() throws IOException {
        files.put("/m.safetensors", classifierSafetensors());
        stall.put("/m.safetensors", new int[] {10, 4});
        assertThatThrownBy(() -> impatient(0).fetchTensors(url("/m.safetensors"), k -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stalled");
    }

    @Test
    void onlyHttpUrlsAreFetchedAndRedirectsMayNotLeaveHttp() throws IOException {
        assertThatThrownBy(() -> downloader.download(URI.create("file:///etc/passwd"), dir.resolve("p.part"), ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot download file:///etc/passwd: only http:// and https:// URLs can be fetched"
                        + " (to add a local file, import it)");
        assertThatThrownBy(() -> downloader.fetchTensors(URI.create("ftp://host/x.safetensors"), k -> true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only http:// and https://");

        redirects.put("/w.pth", "file:///etc/passwd");
        assertThatThrownBy(() -> downloader.download(url("/w.pth"), dir.resolve("w.part"), ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refusing to follow the redirect")
                .hasMessageContaining("file:///etc/passwd");
        assertThat(dir.resolve("w.part")).doesNotExist();

        // An ordinary redirect within http is followed.
        byte[] pth = smallPth();
        files.put("/real.pth", pth);
        redirects.put("/moved.pth", "/real.pth");
        downloader.download(url("/moved.pth"), dir.resolve("moved.part"), "");
        assertThat(dir.resolve("moved.part")).hasBinaryContent(pth);

        redirects.put("/loop", "/loop");
        assertThatThrownBy(() -> downloader.download(url("/loop"), dir.resolve("loop.part"), ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redirects more than 5 times");
    }

    @Test
    void aNameTheStoreWouldRefuseIsRefusedBeforeDownloading() throws IOException {
        files.put("/w.pth", smallPth());
        WeightFetcher fetcher = new WeightFetcher(new WeightStore(dir.resolve("cache")), downloader);
        assertThatThrownBy(() -> fetcher.fetch(new KnownWeights.Entry("../evil", url("/w.pth"), "",
                KnownWeights.Kind.WHOLE_FILE, "unknown"), false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a usable weight name");
        assertThat(requested).isEmpty();
    }

    @Test
    void aRemoteHeaderWithAnOverflowingShapeIsOneLine() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}";
        byte[] header = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] file = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
        files.put("/h.safetensors", file);
        assertThatThrownBy(() -> downloader.fetchTensors(url("/h.safetensors"), k -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(url("/h.safetensors") + ": ")
                .hasMessageContaining("impossible shape [4294967296, 4294967296]");
    }

    @Test
    void knownWeightsCarryTorchvisionHashPrefixes() {
        assertThat(KnownWeights.require("vgg16_bn").sha256Prefix()).isEqualTo("6c64b313");
        assertThat(KnownWeights.require("vgg19").url())
                .isEqualTo(URI.create("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth"));
        assertThat(KnownWeights.require("vgg19-features").kind()).isEqualTo(KnownWeights.Kind.FEATURES_BY_RANGE);
        assertThatThrownBy(() -> KnownWeights.require("resnet50"))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.key()).isEqualTo("url"))
                .hasMessageContaining("vgg16_bn");
    }

    /**
     * A features-only fetch that fails anywhere (the server drops the connection inside a tensor, or the
     * subset's hash is not the one expected) leaves nothing in the store's downloads folder: no
     * {@code NAME.safetensors.tmp}, no temporary file of its own, and no entry.
     */
    @Test
    void aFailedFeaturesOnlyFetchLeavesNoTemporaryFile() throws IOException {
        byte[] whole = classifierSafetensors();
        long dataStart = 8 + java.nio.ByteBuffer.wrap(whole, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        // the header is served whole; every range inside the tensors breaks off halfway, as a dropped connection
        server.createContext("/halfway/model.safetensors", ex -> {
            try (ex) {
                Matcher m = RANGE.matcher(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
                if (!m.matches()) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                int from = Integer.parseInt(m.group(1));
                int to = m.group(2).isEmpty() ? whole.length - 1 : Math.min(Integer.parseInt(m.group(2)), whole.length - 1);
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + whole.length);
                int length = to - from + 1;
                ex.sendResponseHeaders(206, length);
                OutputStream out = ex.getResponseBody();
                boolean cut = from >= dataStart;
                out.write(whole, from, cut ? length / 2 : length);
                out.flush();
                if (cut) {
                    throw new IOException("simulated dropped connection");
                }
            }
        });
        files.put("/timm/model.safetensors", whole);
        WeightStore store = new WeightStore(dir.resolve("cache"));
        WeightFetcher fetcher = new WeightFetcher(store, downloader);
        Files.createDirectories(store.downloadsDir());
        // another run's file of the old fixed name is not this run's to delete
        Path othersFile = Files.writeString(store.downloadsDir().resolve("other.safetensors.tmp"), "not ours");

        assertThatThrownBy(() -> fetcher.fetch(new KnownWeights.Entry("cut", url("/halfway/model.safetensors"), "",
                KnownWeights.Kind.FEATURES_BY_RANGE, "unknown"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("broke off");
        assertThatThrownBy(() -> fetcher.fetch(new KnownWeights.Entry("wrong-hash", url("/timm/model.safetensors"),
                "0000dead", KnownWeights.Kind.FEATURES_BY_RANGE, "unknown"), false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("checksum mismatch for the features of " + url("/timm/model.safetensors")
                        + ": expected 0000dead, got ")
                .hasMessageEndingWith("; nothing was stored");

        try (var left = Files.list(store.downloadsDir())) {
            assertThat(left).containsExactly(othersFile);
        }
        assertThat(store.list()).isEmpty();
        assertThat(dev.atelier.core.io.AtomicFiles.staleTemporaryFiles(store.downloadsDir())).isEmpty();
    }

    /** A whole file whose hash is wrong is deleted, not kept as a partial download to resume. */
    @Test
    void aWholeFileWithTheWrongHashLeavesNoPartFile() throws IOException {
        byte[] pth = smallPth();
        files.put("/models/wrong.pth", pth);
        WeightStore store = new WeightStore(dir.resolve("cache"));
        WeightFetcher fetcher = new WeightFetcher(store, downloader);

        assertThatThrownBy(() -> fetcher.fetch(new KnownWeights.Entry("wrong", url("/models/wrong.pth"), "0000dead",
                KnownWeights.Kind.WHOLE_FILE, "unknown"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("checksum mismatch");
        try (var left = Files.list(store.downloadsDir())) {
            assertThat(left).isEmpty();
        }
    }
}
