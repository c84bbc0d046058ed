package io.sparsight.models.grounding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The dense baseline TVP compares with: a 3D convolutional encoder over every frame of the window (widths 16, 32,
 * 64, 64 as the sparse path's 2D encoder; 3x3x3 kernels; time strided down to one token per 4 frames), followed by the
 * same text projection, transformer fusion and head as {@link GroundingBlock}. Used by the benchmark only.
 * Input {@code (B, C, T, H, W)} with T = 4 x the sparse path's frames, and the sentence embedding {@code (B, textDim)}.
 */
public final class Dense3dBaseline extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int[] WIDTHS = GroundingBlock.ENCODER_WIDTHS;
    private static final int[][] STRIDES = {{1, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}};

    private final GroundingBlock.Hyperparameters hp;
    private final List<Conv3d> encoder = new ArrayList<>();
    private final Linear visualProjection;
    private final Linear textProjection;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Linear head;

    public Dense3dBaseline(GroundingBlock.Hyperparameters hp) {
        super(VERSION);
        this.hp = hp;
        for (int i = 0; i < WIDTHS.length; i++) {
            encoder.add(addChildBlock("conv" + i, Conv3d.builder().setKernelShape(new Shape(3, 3, 3))
                    .optStride(new Shape(STRIDES[i][0], STRIDES[i][1], STRIDES[i][2])).optPadding(new Shape(1, 1, 1))
                    .setFilters(WIDTHS[i]).build()));
        }
        visualProjection = addChildBlock("visualProjection", Linear.builder().setUnits(hp.dim()).build());
        textProjection = addChildBlock("textProjection", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(hp.dim(), hp.heads())));
        }
        head = addChildBlock("head", Linear.builder().setUnits(3).build());
    }

    /** Frames of the window this baseline reads: every frame, 4 per sparse sample. */
    public int windowFrames() {
        return 4 * hp.frames();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);                                                      // (B, C, T, H, W)
        long b = x.getShape().get(0);
        for (Conv3d conv : encoder) {
            x = Activation.relu(conv.forward(store, new NDList(x), training).singletonOrThrow());
        }
        long tokens = x.getShape().get(2);
        NDArray pooled = x.reshape(b, WIDTHS[WIDTHS.length - 1], tokens, -1).mean(new int[] {3}).transpose(0, 2, 1);
        NDArray visual = visualProjection.forward(store, new NDList(pooled), training).singletonOrThrow();
        NDArray text = textProjection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow()
                .expandDims(1);
        NDArray sequence = NDArrays.concat(new NDList(text, visual), 1);
        for (TransformerLayer layer : layers) {
            sequence = layer.forward(store, new NDList(sequence), training).singletonOrThrow();
        }
        return new NDList(head.forward(store, new NDList(sequence.get(":, 0, :")), training).singletonOrThrow());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long b = s.get(0);
        for (Conv3d conv : encoder) {
            conv.initialize(manager, dataType, s);
            s = conv.getOutputShapes(new Shape[] {s})[0];
        }
        long tokens = s.get(2);
        visualProjection.initialize(manager, dataType, new Shape(b, tokens, WIDTHS[WIDTHS.length - 1]));
        textProjection.initialize(manager, dataType, new Shape(b, hp.textDim()));
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, new Shape(b, tokens + 1, hp.dim()));
        }
        head.initialize(manager, dataType, new Shape(b, hp.dim()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3)};
    }
}
