package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job stopped with a savepoint in the middle of its cameras ({@code jobs stop --savepoint}) and resumed from it
 * ({@code submit --from-savepoint}) on a cluster (a MiniCluster with REST, as a session cluster takes jobs): every
 * expected motion span is committed exactly once, none missing, the ones before and the ones after the stop. The
 * cameras are files paced like live ones (playbackSpeed 1), whose read position the savepoint keeps; the
 * checkpoints go to the configuration's job.checkpointDir (Flink deletes them when a job finishes).
 */
class SavepointITCase {

    @RegisterExtension
    static final SessionCluster session = new SessionCluster(2);

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void aJobStoppedWithASavepointAndResumedCommitsEveryEventOnce() throws Exception {
        // two spans per camera, far enough apart that the stop (about 5 s in) comes between them however slow the machine
        TwoPacedCameras job = new TwoPacedCameras(dir, "resumable", 26, session.kafka.bootstrapServers());
        Path config = job.config;
        Path checkpoints = job.checkpoints;
        String jobManager = "127.0.0.1:" + session.restPort;

        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", jobManager))
                .as(console.err()).isZero();
        JobID first = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));
        job.awaitMotionEvents(2, 60, () -> ""); // the first span of each camera, about 5 s in
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().equals("_metadata")
                    && p.getParent().getFileName().toString().startsWith("chk-")))
                    .as("completed checkpoints under job.checkpointDir").isTrue();
        }
        console.reset();
        assertThat(SparsightCli.run("jobs", "stop", first.toString(), "--savepoint", dir.resolve("savepoints").toString(),
                "--jobmanager", jobManager)).as(console.err()).isZero();
        assertThat(session.cluster.getJobStatus(first).get()).isEqualTo(JobStatus.FINISHED);
        String savepoint = console.out().replaceAll("(?s).*with a savepoint at (\\S+).*", "$1");
        List<EventRecord> beforeResume = job.motionEvents();
        assertThat(beforeResume).as("spans committed when stopped").hasSizeLessThan(4);

        console.reset();
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", jobManager,
                "--from-savepoint", savepoint)).as(console.err()).isZero();
        JobID second = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));
        session.awaitFinished(second, 120);

        job.assertEverySpanOnce(beforeResume);
    }
}
