package io.sparsight.pipelines.jobs;

import io.sparsight.operators.grounding.QueryCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule for the standing queries written in a configuration ({@code grounding.queries}) when a job starts: they
 * are a baseline, and changes made with {@code sparsight query} win.
 * <ul>
 *   <li>a configured query the control topic has never mentioned is sent;</li>
 *   <li>one whose last message on the topic came from a configuration is sent again only if the configuration now
 *       says something else (an edited file updates its own query);</li>
 *   <li>one whose last message came from {@code sparsight query} (an add or a remove) is left as the CLI made it.</li>
 * </ul>
 * Messages that do not say who sent them count as sent by hand. A query deleted from the file stays in force until
 * {@code sparsight query remove} removes it: jobs may share a control topic, and one job's file cannot tell whether
 * another job's file still lists it.
 *
 * @param send the commands to put on the topic, marked as sent by the configuration
 * @param notes one line for each configured query left as the CLI made it
 */
public record ConfigurationQueries(List<QueryCommand> send, List<String> notes) {

    /**
     * @param configured the configuration's queries (adds)
     * @param lastOnTopic the last command about each query id on the control topic
     */
    public static ConfigurationQueries plan(List<QueryCommand> configured, Map<String, QueryCommand> lastOnTopic) {
        List<QueryCommand> send = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (QueryCommand add : configured) {
            QueryCommand last = lastOnTopic.get(add.id);
            if (last == null || last.fromConfiguration() && !add.sameQueryAs(last)) {
                send.add(add.from(QueryCommand.FROM_CONFIGURATION));
            } else if (!last.fromConfiguration()) {
                notes.add("query " + add.id + " was " + (last.isAdd() ? "replaced" : "removed")
                        + " with 'sparsight query' since the configuration sent it; the CLI's change stands");
            }
        }
        return new ConfigurationQueries(List.copyOf(send), List.copyOf(notes));
    }
}
