package io.sparsight.operators.source;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the enumerator keeps in a checkpoint: the cameras in force (as last set), the ones not yet handed to a reader,
 * the ones being stopped and what replaces them, and the next offset of the camera control topic.
 *
 * @param inForce every camera the job runs, by id
 * @param pending cameras waiting for their reader (with their read position)
 * @param stopping cameras removed or changed whose readers have not yet said they stopped
 * @param replacements changed cameras' new settings, handed out once the old ones stopped
 * @param controlOffset the next control-topic offset to apply
 */
record CameraEnumeratorState(
        Map<String, CameraSpec> inForce,
        List<CameraSplit> pending,
        Set<String> stopping,
        Map<String, CameraSplit> replacements,
        long controlOffset) {}
