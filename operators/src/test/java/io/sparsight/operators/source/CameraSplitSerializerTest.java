package io.sparsight.operators.source;

import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraSplitSerializerTest {

    private static final CameraSpec CAMERA = CameraSpec.builder("gate-2", "rtsp://u:p@127.0.0.1/x")
            .sampling(Sampling.motion(0.02, 7_000, 2.5))
            .size(224, 128)
            .channels(3)
            .playbackSpeed(1.5)
            .ffmpegOption("rtsp_transport", "udp")
            .live(new LiveSettings(1_000, 2_000, 100, 4_000, 3))
            .build();

    @Test
    void splitRoundTripsWithItsPosition() throws IOException {
        CameraSplit split = new CameraSplit(CAMERA, 1_700_000_000_000L, 1234, 77);
        CameraSplitSerializer serializer = CameraSplitSerializer.INSTANCE;
        CameraSplit back = serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
        assertThat(back.camera()).isEqualTo(CAMERA);
        assertThat(back.streamStartMs()).isEqualTo(1_700_000_000_000L);
        assertThat(back.nextFrameIndex()).isEqualTo(1234);
        assertThat(back.lastSampleSlot()).isEqualTo(77);
        assertThat(back.splitId()).isEqualTo("gate-2");
    }

    @Test
    void enumeratorStateRoundTripsWithTheCamerasInForceAndTheControlOffset() throws IOException {
        CameraSpec other = CameraSpec.grey("b", "/tmp/b.mp4", 5, 64, 64);
        CameraSpec changed = CameraSpec.grey("c", "/tmp/c2.mp4", 5, 64, 64);
        CameraEnumeratorState state = new CameraEnumeratorState(
                Map.of("gate-2", CAMERA, "b", other, "c", changed),
                List.of(CameraSplit.fresh(other, 6)),
                Set.of("c", "gone"),
                Map.of("c", CameraSplit.fresh(changed, 7)),
                42);
        CameraEnumeratorStateSerializer serializer = new CameraEnumeratorStateSerializer(List.of());
        CameraEnumeratorState back = serializer.deserialize(2, serializer.serialize(state));
        assertThat(back.inForce()).isEqualTo(state.inForce());
        assertThat(back.pending()).extracting(CameraSplit::splitId).containsExactly("b");
        assertThat(back.stopping()).containsExactlyInAnyOrder("c", "gone");
        assertThat(back.replacements().get("c").camera()).isEqualTo(changed);
        assertThat(back.controlOffset()).isEqualTo(42);
    }

    @Test
    void aVersion1EnumeratorStateKeepsItsPendingCamerasAndTheConfiguredOnesInForce() throws IOException {
        CameraSpec other = CameraSpec.grey("b", "/tmp/b.mp4", 5, 64, 64);
        DataOutputSerializer v1 = new DataOutputSerializer(256); // version 1: a count, then the pending splits
        v1.writeInt(1);
        CameraSplitSerializer.write(new CameraSplit(other, 6, 120, 11), v1);
        CameraEnumeratorState back = new CameraEnumeratorStateSerializer(List.of(CAMERA, other))
                .deserialize(1, v1.getCopyOfBuffer());
        assertThat(back.pending()).singleElement().satisfies(s -> assertThat(s.nextFrameIndex()).isEqualTo(120));
        assertThat(back.inForce()).containsOnlyKeys("gate-2", "b");
        assertThat(back.controlOffset()).isZero();
    }

    @Test
    void unknownVersionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> CameraSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
                .hasMessageContaining("version 99");
    }
}
