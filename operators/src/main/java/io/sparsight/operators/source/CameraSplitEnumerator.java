package io.sparsight.operators.source;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hands each camera to one reader, chosen from the camera id's hash so a camera returns to the same subtask after a
 * restart. Cameras given back after a reader failure wait here until that reader registers again.
 *
 * <p>With a {@link CameraControl}, cameras change while the job runs: an added camera becomes a new split; a removed
 * one is stopped by its reader ({@link StopCamera}), which reports it {@code removed}; a changed one is stopped and
 * then handed out again with its new settings. The cameras in force and the control topic's offset are in the
 * checkpoints, so a restored job runs the cameras last set.
 */
final class CameraSplitEnumerator implements SplitEnumerator<CameraSplit, CameraEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(CameraSplitEnumerator.class);
    /** How often the control topic is read. */
    private static final long CONTROL_POLL_PERIOD_MS = 500;

    private final SplitEnumeratorContext<CameraSplit> context;
    private final CameraControl control;
    private final TreeMap<String, CameraSpec> inForce = new TreeMap<>();
    private final List<CameraSplit> pending = new ArrayList<>();
    private final Set<String> stopping = new LinkedHashSet<>();
    private final Map<String, CameraSplit> replacements = new LinkedHashMap<>();
    /** Per camera being stopped, the readers that have not answered yet (not checkpointed: all are asked again). */
    private final Map<String, Set<Integer>> unanswered = new HashMap<>();
    private long controlOffset;
    private CameraControlReader controlReader;
    private CameraControlRejects rejects;

    /** @param control where camera changes come from; null when the cameras are fixed (readers then get no more) */
    CameraSplitEnumerator(SplitEnumeratorContext<CameraSplit> context, CameraControl control,
            CameraEnumeratorState state) {
        this.context = context;
        this.control = control;
        this.inForce.putAll(state.inForce());
        this.pending.addAll(state.pending());
        this.stopping.addAll(state.stopping());
        this.replacements.putAll(state.replacements());
        this.controlOffset = state.controlOffset();
        sortPending();
        stopping.forEach(id -> unanswered.put(id, allReaders()));
    }

    @Override
    public void start() {
        if (control != null) {
            controlReader = new CameraControlReader(control, controlOffset);
            rejects = new CameraControlRejects(control);
            context.callAsync(controlReader::poll, this::apply, 0, CONTROL_POLL_PERIOD_MS);
            LOG.info("Cameras in force: {}; changes from topic {} at offset {}", inForce.keySet(), control.topic(),
                    controlOffset);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed when a reader registers or a camera is added; readers never ask.
    }

    @Override
    public void addSplitsBack(List<CameraSplit> splits, int subtaskId) {
        for (CameraSplit split : splits) {
            if (inForce.containsKey(split.splitId()) && !stopping.contains(split.splitId())) {
                pending.add(split);
            }
        }
        sortPending();
    }

    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<CameraSplit> assigned = new ArrayList<>();
        Iterator<CameraSplit> it = pending.iterator();
        while (it.hasNext()) {
            CameraSplit split = it.next();
            if (ownerOf(split, parallelism) == subtaskId) {
                assigned.add(split);
                it.remove();
            }
        }
        for (CameraSplit split : assigned) {
            context.assignSplit(split, subtaskId);
        }
        LOG.info("Reader {} gets {} camera(s)", subtaskId, assigned.size());
        for (String id : stopping) {
            context.sendEventToSourceReader(subtaskId, new StopCamera(id, replacements.containsKey(id)));
        }
        if (control == null) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    static int ownerOf(CameraSplit split, int parallelism) {
        return Math.floorMod(split.splitId().hashCode(), parallelism);
    }

    /** Applies what the control topic said since the last read, in order. */
    private void apply(List<CameraControlReader.Message> messages, Throwable failure) {
        if (failure != null) {
            LOG.warn("Cannot read the camera control topic {}: {}; trying again", control.topic(), failure.toString());
            return;
        }
        for (CameraControlReader.Message message : messages) {
            if (message.offset() < controlOffset) {
                continue;
            }
            controlOffset = message.offset() + 1;
            if (message.unreadable() != null) {
                rejects.reject(message, message.unreadable());
                continue;
            }
            CameraChange change;
            try {
                change = control.parser().parse(message.text());
            } catch (IllegalArgumentException e) {
                rejects.reject(message, e.getMessage());
                continue;
            }
            if (change.isAdd()) {
                add(change.camera());
            } else {
                remove(change.cameraId());
            }
        }
    }

    private void add(CameraSpec camera) {
        String id = camera.id();
        if (camera.equals(inForce.get(id))) {
            return; // as it is already: replayed from the start of the topic, or sent twice
        }
        CameraSplit split = CameraSplit.fresh(camera, System.currentTimeMillis());
        boolean running = inForce.containsKey(id) && pending.stream().noneMatch(p -> p.splitId().equals(id));
        inForce.put(id, camera);
        if (stopping.contains(id)) {
            replacements.put(id, split);
            LOG.info("Camera {} will start again as {} once stopped", id, camera);
        } else if (running) {
            replacements.put(id, split);
            stop(id);
            LOG.info("Camera {} changed to {}: stopping the old one", id, camera);
        } else {
            pending.removeIf(p -> p.splitId().equals(id));
            handOut(split);
            LOG.info("Camera {} added: {}", id, camera);
        }
    }

    private void remove(String id) {
        if (!inForce.containsKey(id)) {
            LOG.warn("Camera control: no camera '{}' to remove (cameras in force: {})", id, inForce.keySet());
            return;
        }
        inForce.remove(id);
        replacements.remove(id);
        if (pending.removeIf(p -> p.splitId().equals(id))) {
            LOG.info("Camera {} removed before a reader had it", id);
        } else if (!stopping.contains(id)) {
            stop(id);
            LOG.info("Camera {} removed: stopping it", id);
        }
    }

    /** Asks every reader to stop the camera; the one that reads it reports it removed (or offline, when changed). */
    private void stop(String id) {
        stopping.add(id);
        unanswered.put(id, allReaders());
        for (int subtask : context.registeredReaders().keySet()) {
            context.sendEventToSourceReader(subtask, new StopCamera(id, replacements.containsKey(id)));
        }
    }

    private Set<Integer> allReaders() {
        Set<Integer> readers = new HashSet<>();
        for (int subtask = 0; subtask < context.currentParallelism(); subtask++) {
            readers.add(subtask);
        }
        return readers;
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (!(event instanceof CameraStopped stopped) || !stopping.contains(stopped.cameraId())) {
            return;
        }
        String id = stopped.cameraId();
        Set<Integer> waiting = unanswered.get(id);
        if (waiting != null) {
            waiting.remove(subtaskId);
        }
        if (waiting == null || waiting.isEmpty()) {
            stopping.remove(id);
            unanswered.remove(id);
            CameraSplit replacement = replacements.remove(id);
            LOG.info("Camera {} stopped{}", id, replacement == null ? "" : "; starting it with its new settings");
            if (replacement != null) {
                handOut(replacement);
            }
        }
    }

    /** Gives a split to its reader, or keeps it until that reader registers. */
    private void handOut(CameraSplit split) {
        int owner = ownerOf(split, context.currentParallelism());
        if (context.registeredReaders().containsKey(owner)) {
            context.assignSplit(split, owner);
        } else {
            pending.add(split);
            sortPending();
        }
    }

    private void sortPending() {
        pending.sort(Comparator.comparing(CameraSplit::splitId));
    }

    @Override
    public CameraEnumeratorState snapshotState(long checkpointId) {
        return new CameraEnumeratorState(new LinkedHashMap<>(inForce), new ArrayList<>(pending),
                new LinkedHashSet<>(stopping), new LinkedHashMap<>(replacements), controlOffset);
    }

    @Override
    public void close() {
        if (controlReader != null) {
            controlReader.close();
            rejects.close();
        }
    }
}
