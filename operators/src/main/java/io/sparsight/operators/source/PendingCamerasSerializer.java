package io.sparsight.operators.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Writes the enumerator's not-yet-assigned cameras into checkpoints. Version 1: a count, then the splits. */
final class PendingCamerasSerializer implements SimpleVersionedSerializer<Collection<CameraSplit>> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Collection<CameraSplit> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(splits.size());
        for (CameraSplit split : splits) {
            CameraSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public Collection<CameraSplit> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown enumerator state version " + version + " (this build reads version " + VERSION + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        List<CameraSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(CameraSplitSerializer.read(in));
        }
        return splits;
    }
}
