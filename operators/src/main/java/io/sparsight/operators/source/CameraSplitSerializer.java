package io.sparsight.operators.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Map;

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
        writeSpec(split.camera(), out);
        out.writeLong(split.streamStartMs());
        out.writeLong(split.nextFrameIndex());
        out.writeLong(split.lastSampleSlot());
    }

    static CameraSplit read(DataInputView in) throws IOException {
        return new CameraSplit(readSpec(in), in.readLong(), in.readLong(), in.readLong());
    }

    /** The camera's fields; the URL as written in the configuration (secret references unresolved). */
    static void writeSpec(CameraSpec c, DataOutputView out) throws IOException {
        out.writeUTF(c.id());
        out.writeUTF(c.url());
        Sampling s = c.sampling();
        out.writeUTF(s.mode().name());
        out.writeDouble(s.fps());
        out.writeDouble(s.motionThreshold());
        out.writeLong(s.heartbeatMs());
        out.writeInt(c.width());
        out.writeInt(c.height());
        out.writeInt(c.channels());
        out.writeDouble(c.playbackSpeed());
        out.writeInt(c.ffmpegOptions().size());
        for (Map.Entry<String, String> e : c.ffmpegOptions().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        LiveSettings l = c.live();
        out.writeLong(l.ioTimeoutMs());
        out.writeLong(l.stallTimeoutMs());
        out.writeLong(l.backoffInitialMs());
        out.writeLong(l.backoffMaxMs());
        out.writeInt(l.queueCapacity());
        out.writeInt(c.decoderThreads());
    }

    static CameraSpec readSpec(DataInputView in) throws IOException {
        CameraSpec.Builder b = CameraSpec.builder(in.readUTF(), in.readUTF());
        b.sampling(new Sampling(Sampling.Mode.valueOf(in.readUTF()), in.readDouble(), in.readDouble(), in.readLong()));
        b.size(in.readInt(), in.readInt());
        b.channels(in.readInt());
        b.playbackSpeed(in.readDouble());
        int options = in.readInt();
        for (int i = 0; i < options; i++) {
            b.ffmpegOption(in.readUTF(), in.readUTF());
        }
        b.live(new LiveSettings(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt()));
        b.decoderThreads(in.readInt());
        return b.build();
    }
}
