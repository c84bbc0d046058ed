package io.sparsight.pipelines.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.operators.source.CameraChange;
import io.sparsight.operators.source.Sampling;
import io.sparsight.pipelines.contract.EventContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraControlMessagesTest {

    private final CameraControlMessages messages = new CameraControlMessages();

    @Test
    void anAddTakesTheKeysAndDefaultsOfAConfiguredCamera() {
        CameraChange change = messages.parse("""
                {"action": "add", "camera": {"id": "gate", "url": "rtsp://cam@127.0.0.1/live", "sampling": "fps=2",
                 "live": {"ioTimeout": "3s"}}}""");
        assertThat(change.isAdd()).isTrue();
        assertThat(change.cameraId()).isEqualTo("gate");
        assertThat(change.camera().sampling()).isEqualTo(Sampling.fps(2));
        assertThat(change.camera().width()).isEqualTo(224); // the configuration's default size
        assertThat(change.camera().live().ioTimeoutMs()).isEqualTo(3_000);
    }

    @Test
    void aRemoveNamesTheCamera() {
        CameraChange change = messages.parse(CameraControlMessages.remove("gate"));
        assertThat(change.isAdd()).isFalse();
        assertThat(change.cameraId()).isEqualTo("gate");
    }

    @Test
    void whatTheCliWritesTheJobReadsAndTheSchemaAccepts() throws Exception {
        var entry = CameraControlMessages.cameraEntry().put("id", "east").put("url", "lavfi:testsrc=size=64x48:rate=5")
                .put("size", "64x48").put("channels", 3).put("sampling", "fps=2");
        entry.putObject("live").put("ioTimeout", "2s").put("queueCapacity", 4);
        String add = CameraControlMessages.add(entry);
        assertThat(CameraControlMessages.check(add).id()).isEqualTo("east");
        EventContract.assertValidCameraControl(add);
        EventContract.assertValidCameraControl(CameraControlMessages.remove("east"));
        assertThat(EventContract.problems(new ObjectMapper().readTree("{\"action\": \"add\", \"camera\": {\"id\": \"x\"}}"),
                "io.sparsight.control.camera.v1.json")).as("a camera without a url").isNotEmpty();
    }

    @Test
    void eachBrokenMessageSaysWhatIsWrong() {
        assertThatThrownBy(() -> messages.parse("not json")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> messages.parse("[1]")).hasMessageContaining("JSON object with an \"action\"");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"pause\"}")).hasMessageContaining("\"add\" or \"remove\"");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"remove\"}")).hasMessageContaining("needs \"id\"");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"add\"}")).hasMessageContaining("needs \"camera\"");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"add\", \"camera\": {\"id\": \"x\", \"url\": \"rtsp://127.0.0.1/a\","
                + " \"colour\": 3}}")).hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"add\", \"camera\": {\"id\": \"x\", \"url\": \"rtsp://127.0.0.1/a\","
                + " \"size\": \"big\"}}")).hasMessageContaining("size must be WIDTHxHEIGHT");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"remove\", \"id\": \"x\", \"when\": 1}"))
                .hasMessageContaining("unknown key \"when\"");
    }

    @Test
    void aPasswordInTheClearAndStageKeysAreRefused() {
        assertThatThrownBy(() -> messages.parse("{\"action\": \"add\", \"camera\": {\"id\": \"x\","
                + " \"url\": \"rtsp://admin:hunter2@127.0.0.1/a\"}}"))
                .hasMessageContaining("password is written in the clear")
                .hasMessageNotContaining("hunter2");
        assertThat(messages.parse("{\"action\": \"add\", \"camera\": {\"id\": \"x\","
                + " \"url\": \"rtsp://admin:${env:CAM_PASSWORD}@127.0.0.1/a\"}}").camera().url())
                .contains("${env:CAM_PASSWORD}");
        assertThatThrownBy(() -> messages.parse("{\"action\": \"add\", \"camera\": {\"id\": \"x\","
                + " \"url\": \"rtsp://127.0.0.1/a\", \"anomaly\": true}}"))
                .hasMessageContaining("stages are set in the job's configuration");
    }
}
