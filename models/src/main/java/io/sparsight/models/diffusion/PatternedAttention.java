package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-head self-attention over a video token grid ({@code frames x patches} tokens, {@code (B, N, dim)} in and
 * out) in which every head runs its own {@link AttentionPattern}, as {@link AttentionPatternSearch} chose them: the
 * heads of one pattern are computed together by that pattern's kernel, then put back in head order for the output
 * projection. With every head {@link AttentionPattern#DENSE} it is ordinary multi-head attention.
 */
public final class PatternedAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int frames;
    private final int patches;
    private final AttentionPattern[] headPatterns;
    private final Linear qkv;
    private final Linear out;
    private Probe probe;

    /** Sees every call's queries, keys and values {@code (B, H, N, D)}: how the search measures the heads. */
    @FunctionalInterface
    public interface Probe {
        void observe(NDArray q, NDArray k, NDArray v);
    }

    public PatternedAttention(int dim, int frames, int patches, AttentionPattern... headPatterns) {
        super(VERSION);
        if (headPatterns.length == 0 || dim % headPatterns.length != 0) {
            throw new IllegalArgumentException("width " + dim + " must split evenly into the " + headPatterns.length
                    + " heads given patterns");
        }
        this.dim = dim;
        this.frames = frames;
        this.patches = patches;
        this.headPatterns = headPatterns.clone();
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        out = addChildBlock("out", Linear.builder().setUnits(dim).build());
    }

    /** Sets (or, with null, removes) the probe that sees every call. */
    public void setProbe(Probe probe) {
        this.probe = probe;
    }

    /** The pattern of every head, in head order. */
    public List<AttentionPattern> headPatterns() {
        return List.of(headPatterns);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                          // (B, N, d)
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(1);
        int heads = headPatterns.length;
        NDArray projected = qkv.forward(store, new NDList(x), training).singletonOrThrow()
                .reshape(b, n, 3, heads, dim / heads).transpose(2, 0, 3, 1, 4);          // (3, B, H, N, dh)
        if (probe != null) {
            probe.observe(projected.get(0), projected.get(1), projected.get(2));
        }
        NDArray mixed = attendHeads(projected.get(0), projected.get(1), projected.get(2))
                .transpose(0, 2, 1, 3).reshape(b, n, dim);                              // (B, N, d)
        return out.forward(store, new NDList(mixed), training);
    }

    /**
     * Each head's attention by its pattern: {@code q, k, v} and the result are {@code (B, H, N, dh)}. Heads that share
     * a pattern go through its kernel together.
     */
    NDArray attendHeads(NDArray q, NDArray k, NDArray v) {
        Map<AttentionPattern, List<Integer>> headsByPattern = new EnumMap<>(AttentionPattern.class);
        for (int h = 0; h < headPatterns.length; h++) {
            headsByPattern.computeIfAbsent(headPatterns[h], p -> new ArrayList<>()).add(h);
        }
        if (headsByPattern.size() == 1) {
            return headPatterns[0].attend(q, k, v, frames, patches);
        }
        NDList results = new NDList();
        long[] order = new long[headPatterns.length];                   // head h's place in the concatenated results
        int next = 0;
        for (Map.Entry<AttentionPattern, List<Integer>> group : headsByPattern.entrySet()) {
            long[] heads = group.getValue().stream().mapToLong(Integer::longValue).toArray();
            results.add(group.getKey().attend(selectHeads(q, heads), selectHeads(k, heads), selectHeads(v, heads),
                    frames, patches));
            for (long h : heads) {
                order[(int) h] = next++;
            }
        }
        NDArray grouped = NDArrays.concat(results, 1);                                  // (B, H, N, dh), grouped
        return selectHeads(grouped, order);
    }

    /** The given heads (axis 1) of {@code x}, in the given order. */
    private static NDArray selectHeads(NDArray x, long[] heads) {
        NDArray index = x.getManager().create(heads);
        return x.transpose(1, 0, 2, 3).get(index).transpose(1, 0, 2, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public String toString() {
        return "PatternedAttention(" + dim + ", " + frames + "x" + patches + ", " + Arrays.toString(headPatterns) + ")";
    }
}
