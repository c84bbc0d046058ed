package io.sparsight.operators.source;

/** The mutable read position of a camera inside a running reader; becomes a {@link CameraSplit} at checkpoints. */
final class CameraSplitState {

    private final CameraSplit initial;
    private long nextFrameIndex;
    private long lastSampleSlot;

    CameraSplitState(CameraSplit split) {
        this.initial = split;
        this.nextFrameIndex = split.nextFrameIndex();
        this.lastSampleSlot = split.lastSampleSlot();
    }

    /** Records that this frame has been emitted downstream. */
    void emitted(long frameIndex, long slot) {
        nextFrameIndex = frameIndex + 1;
        lastSampleSlot = slot;
    }

    CameraSplit toSplit() {
        return new CameraSplit(initial.camera(), initial.streamStartMs(), nextFrameIndex, lastSampleSlot);
    }
}
