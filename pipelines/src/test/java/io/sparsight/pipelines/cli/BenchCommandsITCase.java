package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The benchmark commands' plumbing at tiny sizes, as a user runs them (the figures themselves are measured with
 * the documented commands; docs/benchmarks.md): options, the table, and the JSON line scripts read.
 */
class BenchCommandsITCase {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @Test
    void benchAttentionTimesEveryPatternAndPrintsItsDensity() throws Exception {
        int exit = SparsightCli.run("bench", "attention", "--frames", "4", "--patches", "8", "--heads", "2",
                "--head-dim", "8", "--runs", "2", "--json");
        assertThat(exit).as(console.err()).isZero();
        List<String> lines = console.out().lines().toList();
        assertThat(console.out()).contains("4 frames x 8 patches = 32 tokens").contains("neighbour_frames");
        JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(result.path("tokens").asInt()).isEqualTo(32);
        assertThat(result.path("dense_speedup").asDouble()).isEqualTo(1.0);
        assertThat(result.path("spatial_density").asDouble()).isCloseTo(0.25, within(1e-4));   // 1 frame of 4
        assertThat(result.path("temporal_density").asDouble()).isCloseTo(0.125, within(1e-4)); // 1 patch of 8
        for (String pattern : List.of("dense", "spatial", "temporal", "neighbour_frames")) {
            assertThat(result.path(pattern + "_ms").asDouble()).as(pattern).isPositive();
        }
    }

    @Test
    void benchGroundingTimesAWindowForEachCountOfQueries() throws Exception {
        int exit = SparsightCli.run("bench", "grounding", "--queries", "1,4", "--runs", "2", "--json");
        assertThat(exit).as(console.err()).isZero();
        List<String> lines = console.out().lines().toList();
        JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(result.path("ms_1").asDouble()).isPositive();
        assertThat(result.path("ms_4").asDouble()).isPositive();
        assertThat(result.path("ratio").asDouble())
                .isCloseTo(result.path("ms_4").asDouble() / result.path("ms_1").asDouble(), withinPercentage(5));
        assertThat(SparsightCli.run("bench", "grounding", "--queries", "0,4")).isEqualTo(2);
        assertThat(console.err()).contains("--queries needs two counts of at least 1");
    }

    @Test
    void aGridWithoutTokensIsAClearError() {
        assertThat(SparsightCli.run("bench", "attention", "--patches", "0")).isEqualTo(2);
        assertThat(console.err()).contains("at least 1");
    }
}
