package io.sparsight.operators.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes camera splits into checkpoints. Version 1: the spec's fields, then the position. */
public final class CameraSplitSerializer implements SimpleVersionedSerializer<CameraSplit> {

    public static final CameraSplitSerializer INSTANCE = new CameraSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CameraSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public CameraSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown camera split version " + version + " (this build reads version " + VERSION + ")");
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(CameraSplit split, DataOutputView out) throws IOException {
        CameraSpec c = split.camera();
        out.writeUTF(c.id());
        out.writeUTF(c.url());
        out.writeDouble(c.analysisFps());
        out.writeInt(c.width());
        out.writeInt(c.height());
        out.writeInt(c.channels());
        out.writeDouble(c.playbackSpeed());
        out.writeLong(split.streamStartMs());
        out.writeLong(split.nextFrameIndex());
        out.writeLong(split.lastSampleSlot());
    }

    static CameraSplit read(DataInputView in) throws IOException {
        CameraSpec camera = new CameraSpec(
                in.readUTF(), in.readUTF(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readDouble());
        return new CameraSplit(camera, in.readLong(), in.readLong(), in.readLong());
    }
}
