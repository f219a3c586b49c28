package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.core.weights.WeightStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier weights ...} end to end, on a store in a temporary folder. */
class WeightsCommandTest {
    @TempDir
    Path cache;

    private String previousRoot;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void useTemporaryStore() {
        previousRoot = System.getProperty(WeightStore.ROOT_PROPERTY);
        System.setProperty(WeightStore.ROOT_PROPERTY, cache.toString());
    }

    @AfterEach
    void restoreStore() {
        if (previousRoot == null) {
            System.clearProperty(WeightStore.ROOT_PROPERTY);
        } else {
            System.setProperty(WeightStore.ROOT_PROPERTY, previousRoot);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static Path fixture(String name) {
        return SharedFixtures.require(name);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void importThenListThenVerify() throws Exception {
        Path file = fixture("vgg16_bn_features_fixture.pth");

        assertThat(run("weights", "import", file.toString(), "--as", "fixture")).isZero();
        assertThat(out.toString()).contains("imported").contains("as fixture (vgg16_bn, pth (zip)");

        assertThat(run("weights", "list")).isZero();
        String table = out.toString();
        assertThat(table).contains("NAME", "ARCHITECTURE", "SHA256");
        assertThat(table).containsPattern("fixture\\s+vgg16_bn\\s+56\\.2 MiB\\s+" + sha256(file).substring(0, 12));
        assertThat(table).contains("fetchable with `atelier weights fetch NAME`: vgg16, vgg16_bn");

        assertThat(run("weights", "verify")).isZero();
        assertThat(out.toString()).startsWith("OK        fixture  " + sha256(file));
    }

    @Test
    void verifyFailsOnATamperedFile() throws Exception {
        assertThat(run("weights", "import", fixture("vgg16_bn_first_block_legacy.pth").toString())).isZero();
        assertThat(out.toString()).contains("as vgg16_bn_first_block_legacy (unknown, pth (legacy)");
        Path stored = cache.resolve("weights/vgg16_bn_first_block_legacy.pth");
        Files.write(stored, new byte[] {0}, StandardOpenOption.APPEND);

        assertThat(run("weights", "verify", "vgg16_bn_first_block_legacy")).isEqualTo(1);
        assertThat(out.toString()).startsWith("MISMATCH  vgg16_bn_first_block_legacy  index ");
    }

    @Test
    void importUnderATakenNameSaysHowToChooseAnotherOrReplace() {
        String file = fixture("vgg16_bn_first_block_legacy.pth").toString();
        assertThat(run("weights", "import", file, "--as", "w")).isZero();
        assertThat(run("weights", "import", file, "--as", "w")).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("atelier: the store already holds weights named 'w';"
                + " choose another name with --as NAME, or pass --force to replace them");
        assertThat(run("weights", "import", file, "--as", "w", "--force")).isZero();
    }

    @Test
    void importOfANonWeightFileIsOneLineAndExit2() throws IOException {
        Path text = Files.writeString(cache.resolve("notes.txt"), "not weights");
        assertThat(run("weights", "import", text.toString())).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).startsWith("atelier: ").contains("is not a weight file");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(cache.resolve("weights/index.json")).doesNotExist();
    }

    @Test
    void fetchFromAMirrorChecksTheChecksum() throws Exception {
        Path file = fixture("vgg16_bn_first_block_legacy.pth");
        byte[] bytes = Files.readAllBytes(file);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/block.pth", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/block.pth";

            assertThat(run("weights", "fetch", "block", "--url", url, "--sha256", "0123abcd")).isEqualTo(2);
            assertThat(err.toString()).contains("checksum mismatch");

            assertThat(run("weights", "fetch", "block", "--url", url, "--sha256", sha256(file).substring(0, 10))).isZero();
            assertThat(out.toString()).startsWith("stored block (unknown, 158.6 KiB, sha256 " + sha256(file));
            assertThat(cache.resolve("weights/block.pth")).hasBinaryContent(bytes);

            assertThat(run("weights", "fetch", "block", "--url", url)).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("atelier: the store already holds weights named 'block'"
                    + " (check it with `atelier weights verify block`; --force fetches it again)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fetchOfAnUnknownNameListsTheKnownOnes() {
        assertThat(run("weights", "fetch", "resnet50")).isEqualTo(2);
        assertThat(err.toString()).startsWith("atelier: --url: no known weights called 'resnet50'")
                .contains("vgg19-features");
    }

    @Test
    void fetchFromAnUnreachableHostSaysHowToImport() throws IOException {
        int port;
        try (ServerSocket reserved = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = reserved.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/models/vgg19-dcbb9e9d.pth";
        assertThat(run("weights", "fetch", "vgg19", "--url", url)).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: cannot reach 127.0.0.1 (offline?). Download "
                + "vgg19-dcbb9e9d.pth elsewhere and import it into the store as 'vgg19'"
                + " (atelier weights import FILE --as vgg19)");
    }

    @Test
    void fetchOfAFileUrlIsOneLineAndExit2() {
        assertThat(run("weights", "fetch", "x", "--url", "file:///etc/passwd")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: cannot download file:///etc/passwd: only http:// and"
                + " https:// URLs can be fetched (to add a local file, import it)");
        assertThat(run("weights", "fetch", "file:///x")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("is a URL, not a name");
        assertThat(run("weights", "fetch", "../evil", "--url", "http://127.0.0.1:9/w.pth")).isEqualTo(2);
        assertThat(err.toString()).contains("not a usable weight name");
    }

    @Test
    void importOfADirectoryOrDeviceSaysWhatItIs() throws IOException {
        Path folder = Files.createDirectories(cache.resolve("folder"));
        assertThat(run("weights", "import", folder.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: " + folder + " is a folder, not a weight file");
        if (Files.exists(Path.of("/dev/zero"))) {
            assertThat(run("weights", "import", "/dev/zero")).isEqualTo(2);
            assertThat(err.toString()).contains("/dev/zero is not a regular file");
        }
        assertThat(run("weights", "import", "/")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: / is a folder, not a weight file");
    }

    @Test
    void verifyRefusesAnIndexEntryOutsideTheStore() throws Exception {
        assertThat(run("weights", "import", fixture("vgg16_bn_first_block_legacy.pth").toString(), "--as", "a")).isZero();
        Path index = cache.resolve("weights/index.json");
        Files.writeString(index, Files.readString(index).replace("\"file\" : \"a.pth\"", "\"file\" : \"../../x.pth\""));

        assertThat(run("weights", "verify")).isEqualTo(1);
        assertThat(out.toString()).startsWith("REFUSED   a  (the index gives it the file '../../x.pth'");
    }

    @Test
    void verifyListsStrayFilesAndGcDeletesThemAndNothingElse() throws Exception {
        assertThat(run("weights", "import", fixture("vgg16_bn_first_block_legacy.pth").toString(), "--as", "a")).isZero();
        Path weights = cache.resolve("weights");
        // What an import cut short between the rename and the index write used to leave: a whole, unregistered file.
        Files.copy(weights.resolve("a.pth"), weights.resolve("orphan.pth"));
        Path ownFolder = Files.createDirectories(weights.resolve("mine"));
        Path download = Files.writeString(Files.createDirectories(weights.resolve("downloads")).resolve("x.pth.part"), "1");

        assertThat(run("weights", "verify")).isZero();
        assertThat(out.toString().lines()).containsExactly("OK        a  " + sha256(weights.resolve("a.pth")),
                "STRAY     orphan.pth  (158.6 KiB, not in the index; `atelier weights gc` removes it)");
        assertThat(run("weights", "verify", "a")).isZero();
        assertThat(out.toString()).doesNotContain("STRAY");

        assertThat(run("weights", "gc", "--dry-run")).isZero();
        assertThat(out.toString().lines()).containsExactly("would delete stray orphan.pth (158.6 KiB)",
                "would free 158.6 KiB");
        assertThat(weights.resolve("orphan.pth")).exists();

        assertThat(run("weights", "gc")).isZero();
        assertThat(out.toString().lines()).containsExactly("deleted stray orphan.pth (158.6 KiB)", "freed 158.6 KiB");
        assertThat(weights.resolve("orphan.pth")).doesNotExist();
        assertThat(weights.resolve("a.pth")).exists();
        assertThat(ownFolder).exists();
        assertThat(download).exists();

        assertThat(run("weights", "gc")).isZero();
        assertThat(out.toString().strip()).isEqualTo("nothing to delete in " + weights);
        assertThat(run("weights", "verify")).isZero();
        assertThat(out.toString()).doesNotContain("STRAY");
    }

    @Test
    void gcOfAStoreNotYetCreatedCreatesNothingAndAStrayArgumentIsOneLine() {
        assertThat(run("weights", "gc")).isZero();
        assertThat(out.toString().strip()).isEqualTo("nothing to delete in " + cache.resolve("weights"));
        assertThat(cache.resolve("weights")).doesNotExist();
        assertThat(run("weights", "gc", "everything")).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
