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
    void thePasswordRunsToTheLastAtSignOfTheAuthorityAsFfmpegReadsIt() {
        assertThat(CameraUrls.redact("rtsp://admin:p@ss@127.0.0.1:554/live@main"))
                .isEqualTo("rtsp://***@127.0.0.1:554/live@main");
        assertThat(CameraUrls.password("rtsp://admin:p@ss@127.0.0.1:554/live")).isEqualTo("p@ss");
        assertThat(CameraUrls.password("rtsp://127.0.0.1:554/live@main")).isNull();
    }

    @Test
    void secretQueryParametersAreHidden() {
        String url = "http://127.0.0.1/cgi-bin/stream.cgi?user=viewer&pwd=h1dden&Token=abc123&channel=2";
        assertThat(CameraUrls.redact(url))
                .isEqualTo("http://127.0.0.1/cgi-bin/stream.cgi?user=viewer&pwd=***&Token=***&channel=2");
        assertThat(CameraUrls.secretParameters(url)).containsExactly("h1dden", "abc123");
        assertThat(CameraUrls.redact("rtsp://127.0.0.1/live?password=x;y")).isEqualTo("rtsp://127.0.0.1/live?password=***");
        assertThat(CameraUrls.redact("clips/a?key=1.mp4")).as("a file name").isEqualTo("clips/a?key=1.mp4");
    }

    @Test
    void aMessageWithoutItsCameraHasEveryUrlsCredentialsHidden() {
        String line = "[tcp @ 0x55] Connection to tcp://root:toor@10.0.0.7:554?timeout=5 failed; retrying"
                + " http://127.0.0.1/s.cgi?password=letmein";
        assertThat(CameraUrls.redactIn(line, null))
                .isEqualTo("[tcp @ 0x55] Connection to tcp://***@10.0.0.7:554?timeout=5 failed; retrying"
                        + " http://127.0.0.1/s.cgi?password=***");
    }

    @Test
    void aWorkerThreadsLineLosesTheSecretsOfEveryCameraBoundBefore() {
        FfmpegLog.bindThread("gate", "rtsp://admin:Qz9-unique@127.0.0.1/live?token=T0k-unique");
        assertThat(FfmpegLog.withoutKnownSecrets("bad password Qz9-unique, token T0k-unique"))
                .isEqualTo("bad password ***, token ***");
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
        String tricky = "rtsp://admin:p@ss@127.0.0.1:8554/cam1";
        assertThat(CameraUrls.redactIn("cannot open " + tricky + " as admin:p@ss", tricky))
                .isEqualTo("cannot open rtsp://***@127.0.0.1:8554/cam1 as ***");
    }

    @Test
    void specShowsTheRedactedUrl() {
        CameraSpec spec = CameraSpec.grey("cam", "rtsp://admin:s3cret@127.0.0.1/x", 5, 64, 48);
        assertThat(spec.toString()).doesNotContain("s3cret");
        assertThat(spec.displayUrl()).doesNotContain("s3cret");
    }
}
