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
 */
public final class WeightDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final PrintStream progress;
    private final Duration responseTimeout;

    private WeightDownloader(Builder b) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.progress = b.progress;
        this.responseTimeout = b.responseTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link WeightDownloader}; all have defaults. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private PrintStream progress = System.err;
        private Duration responseTimeout = Duration.ofSeconds(60);

        private Builder() {}

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
                    || responseTimeout.isNegative() || responseTimeout.isZero()) {
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
        Files.createDirectories(partFile.toAbsolutePath().getParent());
        long have = Files.isRegularFile(partFile) ? Files.size(partFile) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build());
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
            long total = remaining < 0 ? -1 : have + remaining;
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
     * Reads the header of the remote safetensors file at {@code url} and then only the tensors whose
     * names {@code keep} accepts, with HTTP range requests (adjacent tensors share one request).
     *
     * @throws InvalidInputException when the server ignores range requests or no tensor is kept
     */
    public StateDict fetchTensors(URI url, Predicate<String> keep) throws IOException {
        long headerLength = SafetensorsHeader.headerLength(range(url, 0, 8, null));
        SafetensorsHeader header = SafetensorsHeader.parse(range(url, 8, headerLength, null), -1);
        List<SafetensorsHeader.Entry> wanted = new ArrayList<>(header.tensors().values().stream()
                .filter(e -> keep.test(e.name())).toList());
        if (wanted.isEmpty()) {
            throw new InvalidInputException(url + " holds none of the requested tensors");
        }
        wanted.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin));
        long total = wanted.stream().mapToLong(SafetensorsHeader.Entry::byteLength).sum();
        Map<String, TensorData> fetched = new LinkedHashMap<>();
        try (ProgressBar bar = progressBar(url, total, 0)) {
            int i = 0;
            while (i < wanted.size()) {
                int j = i + 1;
                while (j < wanted.size() && wanted.get(j).begin() == wanted.get(j - 1).end()
                        && wanted.get(j).end() - wanted.get(i).begin() < Integer.MAX_VALUE - 16) {
                    j++;
                }
                long begin = wanted.get(i).begin();
                long length = wanted.get(j - 1).end() - begin;
                ByteBuffer run = ByteBuffer.wrap(range(url, header.dataStart() + begin, length, bar));
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

    /** {@code length} bytes of {@code url} from {@code offset}, by a range request. */
    private byte[] range(URI url, long offset, long length, ProgressBar bar) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("range of " + length + " bytes is too large");
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET()
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).build();
        HttpResponse<InputStream> response = send(request);
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
            } catch (IOException e) {
                throw new InvalidInputException("download from " + url + " broke off after " + got + " of " + length
                        + " bytes; run the same command again", e);
            }
            if (got != length) {
                throw new InvalidInputException("download from " + url + " broke off after " + got + " of " + length
                        + " bytes; run the same command again");
            }
            return out;
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
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

    private static long rangeStart(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Content-Range");
        if (header.isEmpty()) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
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
