package io.sparsight.pipelines.jobs;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.VideoSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraStagesTest {

    @Test
    void stagesAreAddedForTheCamerasNamed() {
        CameraStages motion = CameraStages.motionOnly(MotionConfig.defaults());
        assertThat(motion.hasAnomaly()).isFalse();
        assertThat(motion.hasGrounding()).isFalse();

        CameraStages all = motion.withAnomaly(AnomalyConfig.defaults(), Set.of("a"))
                .withGrounding(GroundingConfig.defaults(), Set.of("b"));
        assertThat(all.anomalyCameras()).containsExactly("a");
        assertThat(all.groundingCameras()).containsExactly("b");
        assertThat(all.hasAnomaly()).isTrue();
        assertThat(all.hasGrounding()).isTrue();
    }

    @Test
    void groundingCamerasWithoutAControlSourceAreAnErrorNotASilentlyMissingStage() {
        CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults())
                .withGrounding(GroundingConfig.defaults(), Set.of("cam"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        VideoSource source = VideoSource.bounded(List.of(CameraSpec.builder("cam", "missing.mp4").build()));
        assertThatThrownBy(() -> CameraJob.build(env, source, CameraJob.SOURCE_IDLENESS, stages, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[cam]")
                .hasMessageContaining("control source");
    }
}
