package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests of the commands that talk to a cluster: a MiniCluster with REST on 127.0.0.1 (it takes jobs as a session
 * cluster does) and a real Kafka broker with the default topics.
 */
final class SessionCluster implements AutoCloseable {

    final EmbeddedKafka kafka;
    final MiniCluster cluster;
    final int restPort;

    private SessionCluster(EmbeddedKafka kafka, MiniCluster cluster, int restPort) {
        this.kafka = kafka;
        this.cluster = cluster;
        this.restPort = restPort;
    }

    /** One TaskManager with {@code slots} slots. */
    static SessionCluster start(int slots) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.createTopics(EventTopics.defaults().allTopics());
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(LocalFlink.configuration(slots, 0))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new SessionCluster(kafka, cluster, cluster.getRestAddress().get().getPort());
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
    public void close() throws Exception {
        cluster.close();
        kafka.close();
    }
}
