package io.sparsight.operators.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CameraUrlsTest {

    @Test
    void credentialsAreHidden() {
        assertThat(CameraUrls.redact("rtsp://admin:s3cret@127.0.0.1:8554/cam1"))
                .isEqualTo("rtsp://***@127.0.0.1:8554/cam1");
        assertThat(CameraUrls.redact("http://user@127.0.0.1/live.m3u8")).isEqualTo("http://***@127.0.0.1/live.m3u8");
    }

    @Test
    void urlsWithoutCredentialsAndPathsAreUnchanged() {
        assertThat(CameraUrls.redact("rtsp://127.0.0.1:8554/cam1")).isEqualTo("rtsp://127.0.0.1:8554/cam1");
        assertThat(CameraUrls.redact("/data/videos/a@b.mp4")).isEqualTo("/data/videos/a@b.mp4");
        assertThat(CameraUrls.redact("samples/ped2-test04.mp4")).isEqualTo("samples/ped2-test04.mp4");
    }

    @Test
    void messagesThatQuoteTheUrlOrThePasswordAreRedacted() {
        String url = "rtsp://admin:s3cret@127.0.0.1:8554/cam1";
        String message = "avformat_open_input() error -111: Could not open input \"" + url + "\" (admin:s3cret)";
        String redacted = CameraUrls.redactIn(message, url);
        assertThat(redacted).doesNotContain("s3cret").contains("rtsp://***@127.0.0.1:8554/cam1");
    }

    @Test
    void specShowsTheRedactedUrl() {
        CameraSpec spec = CameraSpec.grey("cam", "rtsp://admin:s3cret@127.0.0.1/x", 5, 64, 48);
        assertThat(spec.toString()).doesNotContain("s3cret");
        assertThat(spec.displayUrl()).doesNotContain("s3cret");
    }
}
