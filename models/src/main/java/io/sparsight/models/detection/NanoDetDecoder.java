package io.sparsight.models.detection;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns NanoDet's raw outputs into boxes, as its upstream head does (GFL): for each level (stride 8, 16, 32) and
 * cell, the class scores (already through a sigmoid in the graph) and, per side, a distribution over
 * {@code reg_max + 1} distances whose expectation times the stride is the side's distance from the cell's centre
 * ({@code (x + 0.5) * stride}). Outputs are told apart by their shapes: [1, cells, classes] and [1, cells, 4 * bins].
 */
public final class NanoDetDecoder {

    private static final int[] STRIDES = {8, 16, 32};
    /** Upstream's {@code nms_pre}: at most this many cells of a level, the best, go on to suppression. */
    static final int MAX_CELLS_PER_LEVEL = 1000;

    private final int inputSize;
    private final int classes;

    public NanoDetDecoder(int inputSize, int classes) {
        this.inputSize = inputSize;
        this.classes = classes;
    }

    /** Every cell's best class above {@code minScore}, in input pixels, before non-maximum suppression. */
    public List<Detection> decode(Map<String, NDArray> outputs, float minScore) {
        return decode(outputs, 0, minScore);
    }

    /** {@link #decode(Map, float)} for one frame of a batch: the outputs' first axis is the frame. */
    public List<Detection> decode(Map<String, NDArray> outputs, int frame, float minScore) {
        List<Detection> found = new ArrayList<>();
        for (int stride : STRIDES) {
            int grid = inputSize / stride;
            long cells = (long) grid * grid;
            NDArray scores = null;
            NDArray distances = null;
            for (NDArray output : outputs.values()) {
                long[] shape = output.getShape().getShape();
                if (shape.length == 3 && shape[1] == cells) {
                    if (shape[2] == classes) {
                        scores = output;
                    } else if (shape[2] % 4 == 0) {
                        distances = output;
                    }
                }
            }
            if (scores == null || distances == null) {
                throw new IllegalArgumentException("NanoDet outputs lack the level of stride " + stride + " ("
                        + cells + " cells)");
            }
            decodeLevel(scores.get(frame).toFloatArray(), distances.get(frame).toFloatArray(), grid, stride,
                    Math.toIntExact(distances.getShape().get(2) / 4), minScore, found);
        }
        return found;
    }

    /**
     * One level, as upstream NanoDet's {@code get_bboxes_single}: the {@link #MAX_CELLS_PER_LEVEL} cells with the best
     * class scores (of those reaching {@code minScore}), and in each every class that reaches it (a cell may hold a
     * bicycle and a person); box sides are the expected bin of each side's distribution times the stride, from the
     * cell's centre, clamped to the input.
     */
    private void decodeLevel(float[] scores, float[] distances, int grid, int stride, int bins, float minScore,
            List<Detection> found) {
        List<int[]> cells = new ArrayList<>(); // {cell, best score as float bits}
        for (int cell = 0; cell < grid * grid; cell++) {
            float best = 0;
            for (int c = 0; c < classes; c++) {
                best = Math.max(best, scores[cell * classes + c]);
            }
            if (best >= minScore) {
                cells.add(new int[] {cell, Float.floatToIntBits(best)});
            }
        }
        if (cells.size() > MAX_CELLS_PER_LEVEL) {
            cells.sort((a, b) -> Float.compare(Float.intBitsToFloat(b[1]), Float.intBitsToFloat(a[1])));
            cells = cells.subList(0, MAX_CELLS_PER_LEVEL);
        }
        float[] side = new float[4];
        for (int[] entry : cells) {
            int cell = entry[0];
            for (int s = 0; s < 4; s++) {
                side[s] = expectedBin(distances, (cell * 4 + s) * bins, bins) * stride;
            }
            float cx = (cell % grid + 0.5f) * stride;
            float cy = (cell / grid + 0.5f) * stride;
            for (int c = 0; c < classes; c++) {
                float score = scores[cell * classes + c];
                if (score >= minScore) {
                    found.add(new Detection(c, score, clamp(cx - side[0]), clamp(cy - side[1]), clamp(cx + side[2]),
                            clamp(cy + side[3])));
                }
            }
        }
    }

    /** The expected bin index under the softmax of the logits at {@code from}. */
    static float expectedBin(float[] logits, int from, int bins) {
        float max = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < bins; b++) {
            max = Math.max(max, logits[from + b]);
        }
        double sum = 0;
        double weighted = 0;
        for (int b = 0; b < bins; b++) {
            double e = Math.exp(logits[from + b] - max);
            sum += e;
            weighted += e * b;
        }
        return (float) (weighted / sum);
    }

    private float clamp(float v) {
        return Math.max(0, Math.min(v, inputSize));
    }
}
