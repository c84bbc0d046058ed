package io.sparsight.operators.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

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
    void enumeratorStateRoundTrips() throws IOException {
        PendingCamerasSerializer serializer = new PendingCamerasSerializer();
        List<CameraSplit> pending = List.of(CameraSplit.fresh(CAMERA, 5),
                CameraSplit.fresh(CameraSpec.grey("b", "/tmp/b.mp4", 5, 64, 64), 6));
        Collection<CameraSplit> back = serializer.deserialize(1, serializer.serialize(pending));
        assertThat(back).extracting(CameraSplit::splitId).containsExactly("gate-2", "b");
    }

    @Test
    void unknownVersionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> CameraSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
                .hasMessageContaining("version 99");
    }
}
