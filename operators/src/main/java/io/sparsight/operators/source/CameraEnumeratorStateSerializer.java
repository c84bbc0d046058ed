package io.sparsight.operators.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the enumerator's state into checkpoints. Version 2: the cameras in force, the pending splits, the stopping
 * ids, the replacements, the control offset. Version 1 (before camera changes) held the pending splits alone; the
 * cameras in force are then the source's configured ones.
 */
final class CameraEnumeratorStateSerializer implements SimpleVersionedSerializer<CameraEnumeratorState> {

    private static final int VERSION = 2;

    private final List<CameraSpec> configured;

    /** @param configured the source's cameras, in force when a version 1 state is read */
    CameraEnumeratorStateSerializer(List<CameraSpec> configured) {
        this.configured = configured;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CameraEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(512);
        out.writeInt(state.inForce().size());
        for (CameraSpec camera : state.inForce().values()) {
            CameraSplitSerializer.writeSpec(camera, out);
        }
        writeSplits(state.pending(), out);
        out.writeInt(state.stopping().size());
        for (String id : state.stopping()) {
            out.writeUTF(id);
        }
        writeSplits(state.replacements().values(), out);
        out.writeLong(state.controlOffset());
        return out.getCopyOfBuffer();
    }

    @Override
    public CameraEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        if (version == 1) {
            Map<String, CameraSpec> inForce = new LinkedHashMap<>();
            configured.forEach(c -> inForce.put(c.id(), c));
            return new CameraEnumeratorState(inForce, readSplits(in), Set.of(), Map.of(), 0);
        }
        if (version != VERSION) {
            throw new IOException("Unknown enumerator state version " + version + " (this build reads 1 and " + VERSION + ")");
        }
        Map<String, CameraSpec> inForce = new LinkedHashMap<>();
        int cameras = in.readInt();
        for (int i = 0; i < cameras; i++) {
            CameraSpec camera = CameraSplitSerializer.readSpec(in);
            inForce.put(camera.id(), camera);
        }
        List<CameraSplit> pending = readSplits(in);
        Set<String> stopping = new LinkedHashSet<>();
        int stoppingCount = in.readInt();
        for (int i = 0; i < stoppingCount; i++) {
            stopping.add(in.readUTF());
        }
        Map<String, CameraSplit> replacements = new LinkedHashMap<>();
        readSplits(in).forEach(s -> replacements.put(s.splitId(), s));
        return new CameraEnumeratorState(inForce, pending, stopping, replacements, in.readLong());
    }

    private static void writeSplits(java.util.Collection<CameraSplit> splits, DataOutputSerializer out) throws IOException {
        out.writeInt(splits.size());
        for (CameraSplit split : splits) {
            CameraSplitSerializer.write(split, out);
        }
    }

    private static List<CameraSplit> readSplits(DataInputDeserializer in) throws IOException {
        int count = in.readInt();
        List<CameraSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(CameraSplitSerializer.read(in));
        }
        return splits;
    }
}
