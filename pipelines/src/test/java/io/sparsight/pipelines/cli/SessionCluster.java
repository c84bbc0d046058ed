package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests of the commands that talk to a cluster, as a class-level extension ({@code @RegisterExtension static}): a
 * MiniCluster with REST on 127.0.0.1 (it takes jobs as a session cluster does, one TaskManager with {@code slots}
 * slots) and a real Kafka broker with the default topics, for the test class.
 */
final class SessionCluster implements BeforeAllCallback, AfterAllCallback {

    private final int slots;
    EmbeddedKafka kafka;
    MiniCluster cluster;
    int restPort;

    SessionCluster(int slots) {
        this.slots = slots;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(EventTopics.defaults().allTopics());
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(LocalFlink.configuration(slots, 0))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        restPort = cluster.getRestAddress().get().getPort();
    }

    /** The REST address as --jobmanager takes it. */
    String jobManager() {
        return "127.0.0.1:" + restPort;
    }

    /** Waits until the job ends, and checks that it finished. */
    void awaitFinished(JobID job, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            JobStatus status = cluster.getJobStatus(job).get();
            if (status.isGloballyTerminalState()) {
                assertThat(status).isEqualTo(JobStatus.FINISHED);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not finish within " + seconds + " s");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        cluster.close();
        kafka.close();
    }
}
