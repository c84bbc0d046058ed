package io.sparsight.operators.objects;

import io.sparsight.operators.frames.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionGateTest {

    private static final int W = 128;
    private static final int H = 96;

    private final CameraObjects camera = CameraObjects.defaults(); // 5 fps: a look every 200 ms at most
    private final DetectionGate.State state = new DetectionGate.State();

    /** A grey frame at {@code ms}: a dark square at {@code squareX} on a light background. */
    private static VideoFrame frame(long ms, int squareX) {
        byte[] pixels = new byte[W * H];
        java.util.Arrays.fill(pixels, (byte) 200);
        for (int y = 40; y < 60; y++) {
            for (int x = squareX; x < squareX + 16; x++) {
                pixels[y * W + x] = 20;
            }
        }
        return new VideoFrame("gate", ms / 100, ms, 1_700_000_000_000L, W, H, 1, pixels);
    }

    private List<DetectionGate.Reason> run(DetectionGate gate, long fromMs, long toMs, long stepMs, int speed,
            boolean unsettled) {
        List<DetectionGate.Reason> reasons = new ArrayList<>();
        for (long ms = fromMs; ms <= toMs; ms += stepMs) {
            reasons.add(gate.decide(frame(ms, 10 + (int) (speed * ms / 1000)), camera, state, unsettled));
        }
        return reasons;
    }

    @Test
    void aStillSceneIsLookedAtFirstThenOnlyAtTheHeartbeat() {
        try (DetectionGate gate = new DetectionGate(ObjectsConfig.defaults())) {
            List<DetectionGate.Reason> reasons = run(gate, 0, 25_000, 100, 0, false);
            assertThat(reasons.get(0)).isEqualTo(DetectionGate.Reason.FIRST);
            assertThat(reasons.get(1)).as("100 ms later: too soon at 5 fps").isEqualTo(DetectionGate.Reason.RATE);
            assertThat(reasons.get(2)).isEqualTo(DetectionGate.Reason.STILL);
            assertThat(reasons.stream().filter(DetectionGate.Reason::detects))
                    .containsExactly(DetectionGate.Reason.FIRST, DetectionGate.Reason.HEARTBEAT,
                            DetectionGate.Reason.HEARTBEAT);
            assertThat(reasons.get(100)).as("10 s after the first look").isEqualTo(DetectionGate.Reason.HEARTBEAT);
        }
    }

    @Test
    void somethingMovingIsLookedAtAtTheCamerasRate() {
        try (DetectionGate gate = new DetectionGate(ObjectsConfig.defaults())) {
            List<DetectionGate.Reason> reasons = run(gate, 0, 4_000, 100, 20, false); // 20 px/s: 4 px a look
            assertThat(reasons.stream().filter(DetectionGate.Reason::detects).count()).isEqualTo(21);
            assertThat(reasons.subList(1, reasons.size())).filteredOn(DetectionGate.Reason::detects)
                    .containsOnly(DetectionGate.Reason.MOTION);
        }
    }

    @Test
    void anUnsettledTrackIsLookedAtThoughNothingMoves() {
        try (DetectionGate gate = new DetectionGate(ObjectsConfig.defaults())) {
            List<DetectionGate.Reason> reasons = run(gate, 0, 1_000, 100, 0, true);
            assertThat(reasons).filteredOn(DetectionGate.Reason::detects).containsExactly(DetectionGate.Reason.FIRST,
                    DetectionGate.Reason.TRACKS, DetectionGate.Reason.TRACKS, DetectionGate.Reason.TRACKS,
                    DetectionGate.Reason.TRACKS, DetectionGate.Reason.TRACKS);
        }
    }

    @Test
    void aClockThatGoesBackStartsTheCameraOver() {
        try (DetectionGate gate = new DetectionGate(ObjectsConfig.defaults())) {
            run(gate, 5_000, 6_000, 100, 0, false);
            assertThat(gate.decide(frame(0, 10), camera, state, false)).isEqualTo(DetectionGate.Reason.FIRST);
        }
    }
}
