package dev.atelier.train.data;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the four Fashion-MNIST files into a cache folder, verifying each before it becomes visible.
 *
 * <p>The checksum is the SHA-256 of the <em>decompressed</em> IDX content, so it holds for the
 * official gzip files, for mirrors that recompress them (Debian does) and for raw copies alike. A file
 * that fails the check never reaches its final name (it is written with {@link AtomicFiles}).
 */
public final class FashionMnistDownload {
    /** The official location (Zalando Research's S3 bucket). */
    public static final URI OFFICIAL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    /** The GitHub mirror of the same files. */
    public static final URI GITHUB_MIRROR =
            URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/");

    /** SHA-256 of each decompressed IDX file, verified against the released data set. */
    public static final Map<String, String> CONTENT_SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private final URI base;
    private final Map<String, String> checksums;
    private final HttpClient client;

    /** A download from {@code base} (ending in {@code /}), checking {@code checksums} (base name → hex SHA-256). */
    public FashionMnistDownload(URI base, Map<String, String> checksums) {
        this.base = Objects.requireNonNull(base, "base");
        this.checksums = Map.copyOf(checksums);
        for (String name : FashionMnist.FILES) {
            if (!this.checksums.containsKey(name)) {
                throw new IllegalArgumentException("no checksum for " + name);
            }
        }
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The official files with their known checksums. */
    public static FashionMnistDownload official() {
        return new FashionMnistDownload(OFFICIAL, CONTENT_SHA256);
    }

    /**
     * Makes sure {@code cacheDir} holds the four files, downloading those missing as {@code name.gz}.
     *
     * @return {@code cacheDir}
     * @throws InvalidInputException when a download fails or a file does not match its checksum
     */
    public Path fetchInto(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        for (String name : FashionMnist.FILES) {
            if (FashionMnist.find(cacheDir, name).isEmpty()) {
                fetch(name, cacheDir.resolve(name + ".gz"));
            }
        }
        return cacheDir;
    }

    private void fetch(String name, Path target) throws IOException {
        URI uri = base.resolve(name + ".gz");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            HttpResponse<Path> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofFile(tmp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + uri + " interrupted", e);
            } catch (IOException e) {
                throw new InvalidInputException("cannot download " + uri + ": " + e.getMessage()
                        + "; give a folder with the Fashion-MNIST IDX files instead", e);
            }
            if (response.statusCode() != 200) {
                throw new InvalidInputException("download of " + uri + " failed with HTTP " + response.statusCode());
            }
            String actual = contentSha256(tmp);
            if (!actual.equalsIgnoreCase(checksums.get(name))) {
                throw new InvalidInputException("download of " + uri + " is corrupt: SHA-256 of its content is "
                        + actual + ", expected " + checksums.get(name));
            }
            AtomicFiles.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** SHA-256 (hex) of a file's content after gzip decompression when it is gzip-compressed. */
    public static String contentSha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        boolean gzip;
        try (InputStream in = Files.newInputStream(file)) {
            gzip = in.read() == 0x1f && in.read() == 0x8b;
        }
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new DigestInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
