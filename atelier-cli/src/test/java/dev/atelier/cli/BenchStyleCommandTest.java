package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchStyleCommandTest {
    @Test
    void reportsSecondsPerEvaluationAndPeakMemoryAsJson() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("bench", "style", "--size", "32", "--evals", "3", "--net", "vgg16", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.at("/benchmark").asText()).isEqualTo("style");
        assertThat(j.at("/net").asText()).isEqualTo("vgg16");
        assertThat(j.at("/evaluations").asInt()).isEqualTo(3);
        assertThat(j.at("/s_per_eval_median").asDouble()).isPositive();
        assertThat(j.at("/s_per_eval_mean").asDouble()).isPositive();
        assertThat(j.at("/peak_rss_bytes").asLong()).isGreaterThan(0);
    }
}
