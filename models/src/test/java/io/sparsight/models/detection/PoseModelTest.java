package io.sparsight.models.detection;

import io.sparsight.models.runtime.Devices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PoseModelTest {

    private static final Path FIXTURES = Path.of("src/test/resources/tfjs");

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    /**
     * The Ped2 fixture frame at the model's own 256x256 (so the letterbox is the identity): the poses are TF.js's
     * output for that frame (tools/tfjs-reference/run-graph.js), read as (x, y, score) and ordered by score.
     */
    @Test
    void posesAreTensorFlowJsOutputAsFractionsOfTheFrame() throws Exception {
        byte[] rgb = gunzip(FIXTURES.resolve("ped2-test04-100-256.rgb.gz"));
        byte[] bgr = new byte[rgb.length];
        for (int p = 0; p < rgb.length; p += 3) {
            bgr[p] = rgb[p + 2];
            bgr[p + 1] = rgb[p + 1];
            bgr[p + 2] = rgb[p];
        }
        FloatBuffer tfjs = ByteBuffer.wrap(gunzip(FIXTURES.resolve("movenet-ped2-test04-100/Identity.f32.gz")))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float minScore = 0.1f;
        long expected = java.util.stream.IntStream.range(0, 6).filter(p -> tfjs.get(p * 56 + 55) >= minScore).count();
        try (PoseModel model = PoseModel.bundled(Devices.chosen())) {
            List<PoseModel.Pose> poses = model.poses(bgr, 256, 256, 3, minScore);
            assertThat(poses).hasSize((int) expected).isNotEmpty();
            for (PoseModel.Pose pose : poses) {
                int p = person(tfjs, pose.score());
                assertThat(pose.y1()).isCloseTo(tfjs.get(p * 56 + 51), within(1e-3f));
                assertThat(pose.x1()).isCloseTo(tfjs.get(p * 56 + 52), within(1e-3f));
                for (int k = 0; k < PoseModel.KEYPOINTS; k++) {
                    assertThat(pose.keypoints()[3 * k]).isCloseTo(tfjs.get(p * 56 + 3 * k + 1), within(1e-3f));
                    assertThat(pose.keypoints()[3 * k + 1]).isCloseTo(tfjs.get(p * 56 + 3 * k), within(1e-3f));
                    assertThat(pose.keypoints()[3 * k + 2]).isCloseTo(tfjs.get(p * 56 + 3 * k + 2), within(1e-3f));
                }
            }
            for (int i = 1; i < poses.size(); i++) {
                assertThat(poses.get(i).score()).isLessThanOrEqualTo(poses.get(i - 1).score());
            }
        }
    }

    private static int person(FloatBuffer tfjs, float score) {
        for (int p = 0; p < 6; p++) {
            if (Math.abs(tfjs.get(p * 56 + 55) - score) < 1e-3f) {
                return p;
            }
        }
        throw new AssertionError("no person of score " + score + " in TF.js's output");
    }
}
