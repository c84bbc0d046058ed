package io.sparsight.operators.source;

import org.apache.flink.api.connector.source.SourceEvent;

/** A reader's answer to {@link StopCamera}: it no longer reads the camera (it stopped it, or never had it). */
record CameraStopped(String cameraId) implements SourceEvent {}
