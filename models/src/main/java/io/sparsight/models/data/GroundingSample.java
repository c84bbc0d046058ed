package io.sparsight.models.data;

import io.sparsight.models.grounding.Moment;

/**
 * One grounding query: a sentence and the moment of a video it describes (seconds), and the video's length when the
 * annotation gives it (NaN when it does not: Charades-STA leaves it to the video file).
 */
public record GroundingSample(String videoId, Moment moment, String sentence, double videoDuration) {}
