package io.sparsight.models.data;

import io.sparsight.models.grounding.Moment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Charades-STA and ActivityNet Captions readers on small files written in those formats. */
class GroundingLoadersTest {

    @TempDir
    Path dir;

    @Test
    void charadesStaLinesBecomeQueries() throws Exception {
        Path file = Files.writeString(dir.resolve("charades_sta_test.txt"), """
                3MSZA 24.3 30.4##person turn a light on.
                3MSZA 0 7.1##a person is sitting in a chair drinking coffee

                AO8RW 2.5 11.0##Person opens the door.
                """);
        List<GroundingSample> samples = CharadesSta.read(file);
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).videoId()).isEqualTo("3MSZA");
        assertThat(samples.get(0).moment()).isEqualTo(new Moment(24.3, 30.4));
        assertThat(samples.get(0).sentence()).isEqualTo("person turn a light on.");
        assertThat(samples.get(2).sentence()).isEqualTo("Person opens the door.");
        assertThat(samples.get(2).videoDuration()).isNaN();
    }

    @Test
    void aBrokenCharadesLineNamesTheFileAndLine() throws Exception {
        Path noHashes = Files.writeString(dir.resolve("a.txt"), "3MSZA 24.3 30.4##ok\n3MSZA 1 2 person\n");
        assertThatThrownBy(() -> CharadesSta.read(noHashes)).hasMessageContaining("a.txt line 2").hasMessageContaining("##");
        Path backwards = Files.writeString(dir.resolve("b.txt"), "3MSZA 9 2##ends before it starts\n");
        assertThatThrownBy(() -> CharadesSta.read(backwards)).hasMessageContaining("b.txt line 1")
                .hasMessageContaining("end at or after its start");
        Path notNumbers = Files.writeString(dir.resolve("c.txt"), "3MSZA x 2##words\n");
        assertThatThrownBy(() -> CharadesSta.read(notNumbers)).hasMessageContaining("must be seconds");
    }

    @Test
    void activityNetCaptionsPairTimestampsWithSentences() throws Exception {
        Path file = Files.writeString(dir.resolve("val_1.json"), """
                {"v_QOlSCBRmfWY": {"duration": 82.73, "timestamps": [[0.83, 19.86], [17.37, 60.81]],
                  "sentences": ["A young woman is seen standing in a room.", " She then begins dancing. "]},
                 "v_ehGHCYKzyZ8": {"duration": 61.72, "timestamps": [[0, 15.5]], "sentences": ["A man plays a drum."]}}
                """);
        List<GroundingSample> samples = ActivityNetCaptions.read(file);
        assertThat(samples).hasSize(3);
        assertThat(samples.get(1).videoId()).isEqualTo("v_QOlSCBRmfWY");
        assertThat(samples.get(1).moment()).isEqualTo(new Moment(17.37, 60.81));
        assertThat(samples.get(1).sentence()).isEqualTo("She then begins dancing.");
        assertThat(samples.get(1).videoDuration()).isEqualTo(82.73);
        assertThat(samples.get(2).moment()).isEqualTo(new Moment(0, 15.5));
    }

    @Test
    void aBrokenActivityNetFileSaysWhichVideoAndWhy() throws Exception {
        Path mismatched = Files.writeString(dir.resolve("m.json"),
                "{\"v_a\": {\"duration\": 10, \"timestamps\": [[0, 1], [2, 3]], \"sentences\": [\"one\"]}}");
        assertThatThrownBy(() -> ActivityNetCaptions.read(mismatched)).hasMessageContaining("video v_a")
                .hasMessageContaining("2 timestamps but 1 sentences");
        Path notJson = Files.writeString(dir.resolve("n.json"), "{not json");
        assertThatThrownBy(() -> ActivityNetCaptions.read(notJson)).hasMessageContaining("not valid JSON");
    }
}
