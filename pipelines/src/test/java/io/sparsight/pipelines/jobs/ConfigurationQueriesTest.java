package io.sparsight.pipelines.jobs;

import io.sparsight.operators.grounding.QueryCommand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationQueriesTest {

    private static final QueryCommand WALKER = QueryCommand.add("walker", null, "a person walks", 0.5);
    private static final QueryCommand CYCLIST = QueryCommand.add("cyclist", "gate", "a cyclist rides", 0.6);

    private static List<String> sent(ConfigurationQueries plan) {
        return plan.send().stream().map(c -> c + " from " + c.origin).toList();
    }

    @Test
    void queriesTheTopicHasNeverMentionedAreSentAsTheConfiguration() {
        ConfigurationQueries plan = ConfigurationQueries.plan(List.of(WALKER, CYCLIST), Map.of());
        assertThat(sent(plan)).containsExactly(WALKER + " from configuration", CYCLIST + " from configuration");
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void aQueryTheConfigurationSentIsSentAgainOnlyWhenTheFileChangedIt() {
        QueryCommand sentBefore = WALKER.from(QueryCommand.FROM_CONFIGURATION);
        assertThat(ConfigurationQueries.plan(List.of(WALKER), Map.of("walker", sentBefore)).send()).isEmpty();
        QueryCommand edited = QueryCommand.add("walker", null, "a person walks slowly", 0.5);
        assertThat(sent(ConfigurationQueries.plan(List.of(edited), Map.of("walker", sentBefore))))
                .containsExactly(edited + " from configuration");
        QueryCommand stricter = QueryCommand.add("walker", null, "a person walks", 0.7);
        assertThat(ConfigurationQueries.plan(List.of(stricter), Map.of("walker", sentBefore)).send()).hasSize(1);
    }

    @Test
    void theCliHasTheLastWordOverTheConfiguration() {
        Map<String, QueryCommand> topic = Map.of(
                "walker", QueryCommand.remove("walker").from(QueryCommand.FROM_CLI),
                "cyclist", QueryCommand.add("cyclist", "gate", "a cyclist rides fast", 0.6).from(QueryCommand.FROM_CLI));
        ConfigurationQueries plan = ConfigurationQueries.plan(List.of(WALKER, CYCLIST), topic);
        assertThat(plan.send()).isEmpty();
        assertThat(plan.notes()).containsExactly(
                "query walker was removed with 'sparsight query' since the configuration sent it; the CLI's change"
                        + " stands",
                "query cyclist was replaced with 'sparsight query' since the configuration sent it; the CLI's change"
                        + " stands");
    }

    @Test
    void aMessageThatDoesNotSayWhoSentItCountsAsSentByHand() {
        ConfigurationQueries plan = ConfigurationQueries.plan(List.of(WALKER),
                Map.of("walker", QueryCommand.remove("walker")));
        assertThat(plan.send()).isEmpty();
        assertThat(plan.notes()).hasSize(1);
    }
}
