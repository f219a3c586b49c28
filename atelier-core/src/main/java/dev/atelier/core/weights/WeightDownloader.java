package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Downloads weight files over HTTP(S): whole files with resume and a SHA-256 check, or just some
 * tensors of a remote safetensors file through range requests. Shows a progress bar on stderr.
 *
 * <p>Only {@code http} and {@code https} URLs are fetched, and redirects are followed (at most
 * {@value #MAX_REDIRECTS}) only to such URLs, never from https down to http. A body that stalls
 * (no byte for the idle timeout) is resumed with a range request, a bounded number of times, and
 * then reported, keeping the partial file for the next run. The idle timeout and the number of
 * retries default to the system properties {@value #IDLE_TIMEOUT_PROPERTY} (seconds) and
 * {@value #RETRIES_PROPERTY}, or the environment variables {@value #IDLE_TIMEOUT_ENV} and
 * {@value #RETRIES_ENV}, else 30 s and 3.
 */
public final class WeightDownloader {
    public static final String IDLE_TIMEOUT_PROPERTY = "atelier.download.idleTimeout";
    public static final String IDLE_TIMEOUT_ENV = "ATELIER_DOWNLOAD_IDLE_TIMEOUT";
    public static final String RETRIES_PROPERTY = "atelier.download.retries";
    public static final String RETRIES_ENV = "ATELIER_DOWNLOAD_RETRIES";
    /** The most redirects one request follows. */
    public static final int MAX_REDIRECTS = 5;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final PrintStream progress;
    private final Duration responseTimeout;
    private final Duration idleTimeout;
    private final int retries;
    private final WeightLimits limits;

    private WeightDownloader(Builder b) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                // Redirects are followed by hand, so that each target's scheme can be checked.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.progress = b.progress;
        this.responseTimeout = b.responseTimeout;
        this.idleTimeout = b.idleTimeout;
        this.retries = b.retries;
        this.limits = b.limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link WeightDownloader}; all have defaults. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private PrintStream progress = System.err;
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Overrides.seconds(IDLE_TIMEOUT_PROPERTY, IDLE_TIMEOUT_ENV, Duration.ofSeconds(30));
        private int retries = (int) Math.min(100, Overrides.nonNegative(RETRIES_PROPERTY, RETRIES_ENV, 3));
        private WeightLimits limits = WeightLimits.current();

        private Builder() {}

        /**
         * How long a response body may go without a single byte before the transfer is dropped
         * and resumed (default 30 s, or the property/variable in the class comment).
         */
        public Builder optIdleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** How many times a stalled transfer is resumed before giving up (default 3). */
        public Builder optRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more");
            }
            this.retries = retries;
            return this;
        }

        /** The memory limits for tensors fetched by range (default {@link WeightLimits#current()}). */
        public Builder optLimits(WeightLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * How long to wait for a server that accepted the connection to start answering (default
         * 60 s); a server that stalls forever would otherwise hang the download.
         */
        public Builder optResponseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /** How long to wait for a connection before deciding the host is unreachable (default 10 s). */
        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Where the progress bar goes (default stderr); null for none. */
        public Builder optProgress(PrintStream stream) {
            this.progress = stream;
            return this;
        }

        public WeightDownloader build() {
            if (connectTimeout.isNegative() || connectTimeout.isZero()
                    || responseTimeout.isNegative() || responseTimeout.isZero()
                    || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            return new WeightDownloader(this);
        }
    }

    /** The host of a download could not be reached at all: no network, no DNS, or nothing listening. */
    public static final class HostUnreachableException extends InvalidInputException {
        private final String host;

        HostUnreachableException(String host, Throwable cause) {
            super("cannot reach " + host + " (offline?)", cause);
            this.host = host;
        }

        public String host() {
            return host;
        }
    }

    /**
     * Downloads {@code url} into {@code partFile}, continuing from where an earlier attempt stopped
     * when {@code partFile} already holds a prefix of it, then checks its SHA-256.
     *
     * @param expectedSha256Prefix the start (or all) of the expected hex SHA-256; empty to skip the check
     * @return the file's hex SHA-256
     * @throws InvalidInputException when the download breaks off (the part file is kept for the next
     *     attempt) or the checksum differs (the part file is deleted)
     */
    public String download(URI url, Path partFile, String expectedSha256Prefix) throws IOException {
        requireHttpUrl(url);
        Files.createDirectories(partFile.toAbsolutePath().getParent());
        for (int attempt = 0; ; attempt++) {
            try {
                return downloadOnce(url, partFile, expectedSha256Prefix);
            } catch (IdleTimeoutBody.StalledException e) {
                long have = Files.isRegularFile(partFile) ? Files.size(partFile) : 0;
                if (attempt >= retries) {
                    throw new InvalidInputException("download of " + url + " stalled (" + e.getMessage() + ", "
                            + (attempt + 1) + " tries) after " + have + " bytes; run the same command again to resume"
                            + " (partial file: " + partFile + ")", e);
                }
                if (progress != null) {
                    progress.println("download stalled (" + e.getMessage() + "); resuming from " + have + " bytes");
                }
            }
        }
    }

    /** One request: resumes from {@code partFile}'s size; a stall leaves what arrived in it. */
    private String downloadOnce(URI url, Path partFile, String expectedSha256Prefix) throws IOException {
        long have = Files.isRegularFile(partFile) ? Files.size(partFile) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<IdleTimeoutBody> response = send(request.build());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            boolean append;
            if (status == 206 && have > 0 && rangeStart(response) == have) {
                append = true;
            } else if (status == 416 && have > 0) {
                // Nothing left to fetch: an earlier attempt got every byte. The checksum decides.
                return checked(url, partFile, expectedSha256Prefix);
            } else if (status == 200) {
                append = false;
                have = 0;
            } else {
                throw new InvalidInputException("download of " + url + " failed: HTTP " + status);
            }
            long remaining = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long total = remaining < 0 ? -1 : DeclaredSize.add(have, remaining, url.toString());
            if (total > limits.maxBytes()) {
                throw new InvalidInputException("download of " + url + " refused: it is " + total + " bytes, over the"
                        + " limit of " + limits.maxBytes() + " for a weight file (raise it with the system property "
                        + WeightLimits.MAX_BYTES_PROPERTY + " or the environment variable " + WeightLimits.MAX_BYTES_ENV + ")");
            }
            long received = 0;
            try (OutputStream out = Files.newOutputStream(partFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                    ProgressBar bar = progressBar(url, total, have)) {
                byte[] buf = new byte[1 << 16];
                try {
                    for (int n; (n = body.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        received += n;
                        if (bar != null) {
                            bar.stepBy(n);
                        }
                    }
                } catch (IdleTimeoutBody.StalledException e) {
                    throw e;
                } catch (IOException e) {
                    throw interrupted(url, partFile, have + received, total, e);
                }
            }
            if (remaining >= 0 && received < remaining) {
                throw interrupted(url, partFile, have + received, total, null);
            }
        }
        return checked(url, partFile, expectedSha256Prefix);
    }

    /**
     * Checks that {@code url} is one this downloader fetches: {@code http} or {@code https}, with a
     * host.
     *
     * @throws InvalidInputException otherwise (a {@code file:} URL, no scheme, no host)
     */
    public static void requireHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("cannot download " + url + ": only http:// and https:// URLs can be fetched"
                    + (scheme.equals("file") || scheme.isEmpty() ? " (to add a local file, import it)" : ""));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new InvalidInputException("cannot download " + url + ": the URL has no host name");
        }
    }

    /**
     * Reads the header of the remote safetensors file at {@code url} and then only the tensors whose
     * names {@code keep} accepts, with HTTP range requests (adjacent tensors share one request).
     *
     * @throws InvalidInputException when the server ignores range requests or no tensor is kept
     */
    public StateDict fetchTensors(URI url, Predicate<String> keep) throws IOException {
        requireHttpUrl(url);
        RangeBody first = range(url, 0, 8, null);
        long headerLength = SafetensorsHeader.headerLength(first.bytes());
        long remoteSize = first.total();
        if (remoteSize >= 0 && 8 + headerLength > remoteSize) {
            throw new InvalidInputException(url + " is not a whole safetensors file: its header needs " + headerLength
                    + " bytes, the file has " + (remoteSize - 8));
        }
        SafetensorsHeader header;
        try {
            // With the file's real size known, every tensor's offsets are checked against it.
            header = SafetensorsHeader.parse(range(url, 8, headerLength, null).bytes(),
                    remoteSize < 0 ? -1 : remoteSize - 8 - headerLength);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(url + ": " + e.getMessage(), e);
        }
        List<SafetensorsHeader.Entry> wanted = new ArrayList<>(header.tensors().values().stream()
                .filter(e -> keep.test(e.name())).toList());
        if (wanted.isEmpty()) {
            throw new InvalidInputException(url + " holds none of the requested tensors");
        }
        wanted.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin));
        ReadAllowance allowance = new ReadAllowance(url.toString(), remoteSize, limits);
        long total = 0;
        for (SafetensorsHeader.Entry e : wanted) {
            total = DeclaredSize.add(total, e.byteLength(), url.toString());
        }
        Map<String, TensorData> fetched = new LinkedHashMap<>();
        try (ProgressBar bar = progressBar(url, total, 0)) {
            int i = 0;
            while (i < wanted.size()) {
                int j = i + 1;
                while (j < wanted.size() && wanted.get(j).begin() == wanted.get(j - 1).end()
                        && wanted.get(j).end() - wanted.get(i).begin() < ReadAllowance.MAX_ARRAY_BYTES) {
                    j++;
                }
                long begin = wanted.get(i).begin();
                long length = wanted.get(j - 1).end() - begin;
                allowance.claim(length, "tensor '" + wanted.get(i).name() + "'");
                ByteBuffer run = ByteBuffer.wrap(range(url, DeclaredSize.add(header.dataStart(), begin, url.toString()),
                        length, bar).bytes());
                for (SafetensorsHeader.Entry e : wanted.subList(i, j)) {
                    ByteBuffer slice = run.duplicate().position((int) (e.begin() - begin))
                            .limit((int) (e.end() - begin)).slice();
                    fetched.put(e.name(), new TensorData(e.dtype(), e.shape(), slice));
                }
                i = j;
            }
        }
        Map<String, TensorData> inHeaderOrder = new LinkedHashMap<>();
        header.tensors().keySet().stream().filter(fetched::containsKey).forEach(k -> inHeaderOrder.put(k, fetched.get(k)));
        return new StateDict(inHeaderOrder);
    }

    /**
     * Bytes fetched by a range request, and the whole remote file's size.
     *
     * @param total the size from the {@code Content-Range} header, -1 when the server did not say
     */
    private record RangeBody(byte[] bytes, long total) {}

    /** {@code length} bytes of {@code url} from {@code offset}, by a range request; retried when it stalls. */
    private RangeBody range(URI url, long offset, long length, ProgressBar bar) throws IOException {
        if (length > ReadAllowance.MAX_ARRAY_BYTES) {
            throw new InvalidInputException("range of " + length + " bytes of " + url + " is too large");
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return rangeOnce(url, offset, length, bar);
            } catch (IdleTimeoutBody.StalledException e) {
                if (attempt >= retries) {
                    throw new InvalidInputException("download from " + url + " stalled (" + e.getMessage() + ", "
                            + (attempt + 1) + " tries); run the same command again", e);
                }
            }
        }
    }

    private RangeBody rangeOnce(URI url, long offset, long length, ProgressBar bar) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET()
                .header("Range", "bytes=" + offset + "-" + DeclaredSize.add(offset, length - 1, url.toString())).build();
        HttpResponse<IdleTimeoutBody> response = send(request);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 206 || rangeStart(response) != offset) {
                throw new InvalidInputException("cannot fetch part of " + url + ": the server answered HTTP "
                        + response.statusCode() + " to a range request (it must support ranges)");
            }
            byte[] out = new byte[(int) length];
            int got = 0;
            try {
                while (got < length) {
                    int n = body.read(out, got, (int) Math.min(length - got, 1 << 16));
                    if (n < 0) {
                        break;
                    }
                    got += n;
                    if (bar != null) {
                        bar.stepBy(n);
                    }
                }
            } catch (IdleTimeoutBody.StalledException e) {
                if (bar != null) {
                    bar.stepBy(-got);
                }
                throw e;
            } catch (IOException e) {
                throw new InvalidInputException("download from " + url + " broke off after " + got + " of " + length
                        + " bytes; run the same command again", e);
            }
            if (got != length) {
                throw new InvalidInputException("download from " + url + " broke off after " + got + " of " + length
                        + " bytes; run the same command again");
            }
            return new RangeBody(out, rangeTotal(response));
        }
    }

    /**
     * Sends {@code request}, following redirects by hand: at most {@value #MAX_REDIRECTS}, only to
     * http(s) URLs, never from https to http.
     */
    private HttpResponse<IdleTimeoutBody> send(HttpRequest request) throws IOException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            HttpResponse<IdleTimeoutBody> response = sendOnce(current);
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            response.body().close();
            URI from = current.uri();
            String location = response.headers().firstValue("Location").orElse("").strip();
            if (location.isEmpty()) {
                throw new InvalidInputException(from + " redirects (HTTP " + status + ") without saying where");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new InvalidInputException(request.uri() + " redirects more than " + MAX_REDIRECTS + " times");
            }
            URI next;
            try {
                next = from.resolve(location);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(from + " redirects to an invalid URL: " + brief(location), e);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
                throw new InvalidInputException("refusing to follow the redirect from " + from + " to "
                        + brief(next.toString()) + ": downloads may only go to http:// or https:// URLs");
            }
            if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
                throw new InvalidInputException("refusing to follow the redirect from " + from + " to " + brief(next.toString())
                        + ": it would drop https for plain http");
            }
            current = HttpRequest.newBuilder(current, (name, value) -> true).uri(next).build();
        }
    }

    private static String brief(String s) {
        String clean = s.codePoints().limit(200).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 200 ? clean + "..." : clean;
    }

    private HttpResponse<IdleTimeoutBody> sendOnce(HttpRequest request) throws IOException {
        try {
            return client.send(request, info -> new IdleTimeoutBody(idleTimeout));
        } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
            throw new HostUnreachableException(request.uri().getHost(), e);
        } catch (HttpTimeoutException e) {
            throw new InvalidInputException(request.uri().getHost() + " accepted the connection but did not answer within "
                    + responseTimeout.toSeconds() + " s; try again later", e);
        } catch (IOException e) {
            if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
                throw new HostUnreachableException(request.uri().getHost(), e);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + request.uri().getHost(), e);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static long rangeTotal(HttpResponse<?> response) {
        Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse("").trim());
        if (!m.matches() || m.group(3).equals("*")) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long rangeStart(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Content-Range");
        if (header.isEmpty()) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        try {
            return m.matches() ? Long.parseLong(m.group(1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String checked(URI url, Path partFile, String expectedPrefix) throws IOException {
        String actual = Sha256.of(partFile);
        String expected = expectedPrefix.toLowerCase(java.util.Locale.ROOT);
        if (!actual.startsWith(expected)) {
            Files.deleteIfExists(partFile);
            throw new InvalidInputException("checksum mismatch for " + url + ": expected a SHA-256 starting with "
                    + expected + ", got " + actual + "; the download was deleted, run the command again");
        }
        return actual;
    }

    private static InvalidInputException interrupted(URI url, Path partFile, long have, long total, IOException cause) {
        String of = total >= 0 ? " of " + total : "";
        return new InvalidInputException("download of " + url + " broke off after " + have + of
                + " bytes; run the same command again to resume (partial file: " + partFile + ")", cause);
    }

    private ProgressBar progressBar(URI url, long total, long start) {
        if (progress == null) {
            return null;
        }
        String path = url.getPath();
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(path.substring(path.lastIndexOf('/') + 1))
                .setInitialMax(total)
                .setUnit(total >= 0 && total < (16L << 20) ? "KiB" : "MiB", total >= 0 && total < (16L << 20) ? 1L << 10 : 1L << 20)
                .setConsumer(new ConsoleProgressBarConsumer(progress))
                .showSpeed();
        if (start > 0) {
            b.startsFrom(start, Duration.ZERO);
        }
        return b.build();
    }
}
