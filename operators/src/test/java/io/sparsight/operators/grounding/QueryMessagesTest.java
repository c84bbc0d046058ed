package io.sparsight.operators.grounding;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QueryMessagesTest {

    @Test
    void addAndRemoveMessagesRoundTrip() {
        QueryCommand add = QueryMessages.parse("{\"action\": \"add\", \"id\": \"cyclists\", \"text\": \" a cyclist rides"
                + " along the walkway \", \"camera\": \"gate-1\", \"threshold\": 0.6}", 0.5);
        assertThat(add.isAdd()).isTrue();
        assertThat(add.text).isEqualTo("a cyclist rides along the walkway");
        assertThat(add.camera).isEqualTo("gate-1");
        assertThat(add.threshold).isEqualTo(0.6);
        assertThat(add.appliesTo("gate-1")).isTrue();
        assertThat(add.appliesTo("gate-2")).isFalse();

        QueryCommand everywhere = QueryMessages.parse("{\"action\": \"add\", \"id\": \"q\", \"text\": \"a red car stops\"}", 0.4);
        assertThat(everywhere.camera).isNull();
        assertThat(everywhere.threshold).as("the default threshold").isEqualTo(0.4);
        assertThat(QueryMessages.parse(QueryMessages.write(everywhere), 0.9).threshold).isEqualTo(0.4);
        assertThat(QueryMessages.parse("{\"action\":\"add\",\"id\":\"q\",\"text\":\"x\",\"camera\":\"*\"}", 0.5).camera)
                .isNull();

        QueryCommand remove = QueryMessages.parse("{\"action\": \"remove\", \"id\": \"cyclists\"}", 0.5);
        assertThat(remove.isAdd()).isFalse();
        assertThat(QueryMessages.parse(QueryMessages.write(remove), 0.5).id).isEqualTo("cyclists");
        assertThat(remove.origin).as("not said").isNull();
    }

    @Test
    void aMessageMaySayWhoSentIt() {
        QueryCommand configured = QueryCommand.add("q", null, "a red car stops", 0.5)
                .from(QueryCommand.FROM_CONFIGURATION);
        assertThat(QueryMessages.write(configured)).contains("\"origin\":\"configuration\"");
        assertThat(QueryMessages.parse(QueryMessages.write(configured), 0.5).fromConfiguration()).isTrue();
        assertThat(QueryMessages.parse("{\"action\": \"remove\", \"id\": \"q\", \"origin\": \"cli\"}", 0.5).origin)
                .isEqualTo(QueryCommand.FROM_CLI);
        assertThatThrownBy(() -> QueryMessages.parse("{\"action\": \"remove\", \"id\": \"q\", \"origin\": 7}", 0.5))
                .hasMessage("'origin' must be \"configuration\" or \"cli\", got 7");
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> QueryMessages.parse("{not json", 0.5)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> QueryMessages.parse("", 0.5)).hasMessageContaining("empty message");
        assertThatThrownBy(() -> QueryMessages.parse("[1, 2]", 0.5)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> QueryMessages.parse("{\"action\": \"pause\", \"id\": \"q\"}", 0.5))
                .hasMessageContaining("'action' must be \"add\" or \"remove\"");
        assertThatThrownBy(() -> QueryMessages.parse("{\"action\": \"remove\", \"id\": \"a b\"}", 0.5))
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> QueryMessages.parse("{\"action\": \"add\", \"id\": \"q\"}", 0.5))
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> QueryMessages.parse(
                "{\"action\": \"add\", \"id\": \"q\", \"text\": \"x\", \"threshold\": 1.5}", 0.5))
                .hasMessageContaining("'threshold' must be a number between 0 and 1");
        assertThatThrownBy(() -> QueryMessages.parse(
                "{\"action\": \"add\", \"id\": \"q\", \"text\": \"x\", \"camera\": \"\"}", 0.5))
                .hasMessageContaining("'camera'");
        assertThatThrownBy(() -> QueryMessages.parse(
                "{\"action\": \"add\", \"id\": \"q\", \"text\": \"x\", \"colour\": \"red\"}", 0.5))
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> QueryMessages.parse(
                "{\"action\": \"add\", \"id\": \"q\", \"text\": \"" + "x".repeat(QueryMessages.MAX_TEXT + 1) + "\"}", 0.5))
                .hasMessageContaining("'text' must be a sentence");
    }

    @Test
    void aDeadLetterNamesWhereTheMessageWasAndWhy() {
        ControlMessage message = new ControlMessage("sparsight.queries", 0, 41, 1_700_000_000_000L, "{oops");
        EventRecord letter = QueryControlParser.rejected(message, "not JSON");
        assertThat(letter.type).isEqualTo(EventTypes.REJECTED);
        assertThat(letter.id).as("same message, same id").isEqualTo(QueryControlParser.rejected(message, "x").id);
        var data = CloudEventJson.parse(letter.dataJson);
        assertThat(data.path("offset").asLong()).isEqualTo(41);
        assertThat(data.path("message").asText()).isEqualTo("{oops");
        assertThat(data.path("reason").asText()).isEqualTo("not JSON");
        assertThat(data.path("messageBytes").asInt()).isEqualTo(5);
        assertThat(data.path("messageSha256").asText()).isEqualTo(sha256("{oops"));
    }

    @Test
    void aHugeMessageGetsADeadLetterOfAFewKilobytesThatStillNamesIt() {
        String text = "x".repeat(1_047_500);
        String huge = "{\"action\": \"add\", \"id\": \"q\", \"text\": \"" + text + "\"}";
        String reason = catchThrowableOfType(() -> QueryMessages.parse(huge, 0.5), IllegalArgumentException.class)
                .getMessage();
        assertThat(reason).as("the reason quotes the start of the value and its length")
                .contains("'text' must be a sentence").contains("(1047502 characters)").hasSizeLessThan(300);
        EventRecord letter = QueryControlParser.rejected(
                new ControlMessage("sparsight.queries", 0, 7, 1_700_000_000_000L, huge), reason);
        assertThat(letter.dataJson.length()).isLessThan(4000);
        var data = CloudEventJson.parse(letter.dataJson);
        assertThat(data.path("message").asText()).hasSize(1000).startsWith("{\"action\": \"add\"").endsWith("\u2026");
        assertThat(data.path("messageBytes").asInt()).isEqualTo(huge.length());
        assertThat(data.path("messageSha256").asText()).isEqualTo(sha256(huge));
        EventRecord longReason = QueryControlParser.rejected(
                new ControlMessage("sparsight.queries", 0, 8, 1_700_000_000_000L, "{}"), "y".repeat(10_000));
        assertThat(CloudEventJson.parse(longReason.dataJson).path("reason").asText()).hasSize(500);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void commandsBuiltInCodeAreCheckedAsMessagesAre() {
        QueryCommand add = QueryMessages.checkedAdd("q1", "*", "  a red car stops ", 0.6);
        assertThat(add.camera).as("'*' is every camera").isNull();
        assertThat(add.text).isEqualTo("a red car stops");
        assertThatThrownBy(() -> QueryMessages.checkedAdd("q1", "gate", "a red car stops", 1.5))
                .hasMessageContaining("'threshold' must be a number between 0 and 1");
        assertThatThrownBy(() -> QueryMessages.checkedAdd("q1", " ", "a red car stops", 0.5))
                .hasMessageContaining("'camera'");
        assertThatThrownBy(() -> QueryMessages.checkedAdd("q1", null, "", 0.5)).hasMessageContaining("'text'");
        assertThatThrownBy(() -> QueryMessages.checkedRemove("no spaces allowed")).hasMessageContaining("'id'");
        assertThat(QueryMessages.checkedRemove("q1").isAdd()).isFalse();
    }
}
