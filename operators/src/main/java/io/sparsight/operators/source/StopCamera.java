package io.sparsight.operators.source;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * From the enumerator to every reader: stop this camera if you read it, then answer ({@link CameraStopped}).
 *
 * @param changed the camera starts again with new settings (reported offline), rather than removed
 */
record StopCamera(String cameraId, boolean changed) implements SourceEvent {}
