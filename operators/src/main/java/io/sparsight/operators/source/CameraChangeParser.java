package io.sparsight.operators.source;

import java.io.Serializable;

/**
 * Reads a camera control message. The job's configuration layer supplies it, so a camera added while the job runs is
 * checked by the same rules, with the same keys and defaults, as one written in the job's configuration.
 */
@FunctionalInterface
public interface CameraChangeParser extends Serializable {

    /** @throws IllegalArgumentException saying what is wrong with the message */
    CameraChange parse(String message);
}
