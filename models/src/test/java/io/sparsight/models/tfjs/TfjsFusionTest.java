package io.sparsight.models.tfjs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the compile-time rewrite does to the bundled NanoDet graph (results: TfjsParityTest, DetectionModelTest). */
class TfjsFusionTest {

    @Test
    void everyPaddedConvolutionAndTheMaxPoolOfNanoDetBecomeOneCallEach() throws Exception {
        TfjsGraphModel graph = TfjsGraphModel.readBundled("coco-nanodet", "nanodet.json");
        List<TfjsNode> fused = TfjsFusion.fused(graph.nodes(), graph.weights());
        long pads = count(graph.nodes(), "Pad");
        assertThat(pads).isEqualTo(28);
        assertThat(count(fused, TfjsFusion.NCHW_CONV)).as("each Pad -> Transpose -> Conv2D").isEqualTo(pads);
        assertThat(count(fused, "Conv2D")).as("the 1x1 convolutions, unpadded").isEqualTo(count(graph.nodes(), "Conv2D")
                - pads);
        assertThat(count(fused, TfjsFusion.NCHW_MAX_POOL)).isEqualTo(1);
        assertThat(fused.stream().filter(n -> n.op().equals(TfjsFusion.NCHW_CONV)).filter(n -> n.inputs().size() == 3))
                .as("with their bias").hasSize((int) pads);
        assertThat(fused).hasSameSizeAs(graph.nodes());
    }

    @Test
    void aModelFileNamingSparsightsOwnOpsIsRefused() {
        assertThat(TfjsProgram.KERNELS).containsKey(TfjsFusion.NCHW_CONV);
    }

    private static long count(List<TfjsNode> nodes, String op) {
        return nodes.stream().filter(n -> n.op().equals(op)).count();
    }
}
