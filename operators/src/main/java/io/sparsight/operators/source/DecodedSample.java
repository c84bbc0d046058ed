package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;

/** A kept frame on its way from a camera's decoder thread to the source reader, with its sampling slot. */
record DecodedSample(VideoFrame frame, long slot) {}
