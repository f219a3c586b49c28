package dev.atelier.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchNulTest {
    @TempDir Path dir;

    @Test
    void show() throws Exception {
        System.setProperty("atelier.cache.dir", Files.createDirectories(dir.resolve("store")).toString());
        StylizeJobTest.image(dir.resolve("cat.png"), 48, 48, 1);
        StylizeJobTest.image(dir.resolve("wave.png"), 48, 48, 2);
        String[] manifests = {
            "content,style,si\u0000ze\ncat.png,wave.png,48\n",
            "id,content,style\nab\u0000\u0001c,cat.png,wave.png\n",
            "id,content,style\nx,cat.png,wave.png\nx,cat.png,wave.png\u0000\n",
            "content,style\n\"ca\u0000t\n\nzz\n.png\",wave.png\n",
            "content,style,size\ncat.png,wave.png,4\u00008\n",
        };
        int i = 0;
        for (String m : manifests) {
            Path f = dir.resolve("m" + (i++) + ".csv");
            Files.writeString(f, m);
            StringWriter err = new StringWriter();
            int code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err)).execute("stylize", f.toString(), "-o",
                    dir.resolve("out" + i).toString(), "--size", "48", "--max-evals", "1", "--master", "local[1]");
            Files.writeString(Path.of("/tmp/so2/nul-" + i + ".txt"), code + "\n" + err);
        }
    }
}
