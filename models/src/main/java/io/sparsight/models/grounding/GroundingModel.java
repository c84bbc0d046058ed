package io.sparsight.models.grounding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The temporal grounding model (after TVP), with a presence head for streaming. Inputs: N frames sampled sparsely
 * over a window {@code (B, N, C, H, W)} in [0, 1], and a sentence embedding {@code (B, textDim)} from a frozen text
 * encoder. Outputs: the moment {@code (B, 2)} (start and end, as fractions of the window) and the presence logit
 * {@code (B)} (is the sentence happening in this window at all).
 *
 * <ul>
 *   <li>Visual prompt: one learned perturbation added to the pixels of every frame, only on a border of width p
 *       ({@code framepad}) or a strip of height p at the bottom ({@code framedownpad}).</li>
 *   <li>Frame encoder: a small 2D CNN (four stride-2 3x3 convolutions, widths 16, 32, 64, 64, global average), one
 *       token per frame, plus a learned position per frame.</li>
 *   <li>Text: the sentence embedding projected to the model width, after {@code textPrompts} learned prompt tokens.</li>
 *   <li>Fusion: transformer layers over {@code [text prompts | text | frames]}; the first prompt token's output goes
 *       through a linear head to (centre, width, presence).</li>
 * </ul>
 */
public final class GroundingModel extends AbstractBlock {

    private static final byte VERSION = 1;
    public static final String ARCHITECTURE = "tvp-grounding";
    private static final int[] ENCODER_WIDTHS = {16, 32, 64, 64};

    /** The visual prompt's shape. */
    public enum VisualPrompt { FRAMEPAD, FRAMEDOWNPAD }

    /** Architecture hyperparameters (recorded in model.json). */
    public record Hyperparameters(int frames, int channels, int height, int width, int textDim, int dim, int heads,
            int layers, int textPrompts, VisualPrompt visualPrompt, int promptSize) {

        public static Hyperparameters defaults() {
            return new Hyperparameters(16, 3, 64, 64, 384, 128, 4, 2, 4, VisualPrompt.FRAMEPAD, 6);
        }
    }

    private final Hyperparameters hp;
    private final List<Conv2d> encoder = new ArrayList<>();
    private final Linear visualProjection;
    private final Linear textProjection;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Linear head;
    private final Parameter pixelPrompt;
    private final Parameter textPromptTokens;
    private final Parameter framePositions;

    public GroundingModel(Hyperparameters hp) {
        super(VERSION);
        this.hp = hp;
        for (int i = 0; i < ENCODER_WIDTHS.length; i++) {
            encoder.add(addChildBlock("conv" + i, Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).setFilters(ENCODER_WIDTHS[i]).build()));
        }
        visualProjection = addChildBlock("visualProjection", Linear.builder().setUnits(hp.dim()).build());
        textProjection = addChildBlock("textProjection", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(hp.dim(), hp.heads())));
        }
        head = addChildBlock("head", Linear.builder().setUnits(3).build());
        pixelPrompt = addParameter(Parameter.builder().setName("pixelPrompt").setType(Parameter.Type.OTHER)
                .optShape(new Shape(hp.channels(), hp.height(), hp.width()))
                .optInitializer(new ConstantInitializer(0)).build());
        textPromptTokens = addParameter(Parameter.builder().setName("textPrompts").setType(Parameter.Type.OTHER)
                .optShape(new Shape(hp.textPrompts(), hp.dim())).optInitializer(new NormalInitializer(0.02f)).build());
        framePositions = addParameter(Parameter.builder().setName("framePositions").setType(Parameter.Type.OTHER)
                .optShape(new Shape(hp.frames(), hp.dim())).optInitializer(new NormalInitializer(0.02f)).build());
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray frames = inputs.get(0);                                                 // (B, N, C, H, W)
        NDArray text = inputs.get(1);                                                   // (B, textDim)
        long b = frames.getShape().get(0);
        NDArray mask = frames.getManager().create(promptMask(hp), new Shape(hp.channels(), hp.height(), hp.width()));
        NDArray prompt = store.getValue(pixelPrompt, frames.getDevice(), training).mul(mask);
        NDArray x = frames.add(prompt).reshape(b * hp.frames(), hp.channels(), hp.height(), hp.width());
        for (Conv2d conv : encoder) {
            x = Activation.relu(conv.forward(store, new NDList(x), training).singletonOrThrow());
        }
        NDArray pooled = x.reshape(b * hp.frames(), ENCODER_WIDTHS[ENCODER_WIDTHS.length - 1], -1).mean(new int[] {2});
        NDArray visual = visualProjection.forward(store, new NDList(pooled), training).singletonOrThrow()
                .reshape(b, hp.frames(), hp.dim())
                .add(store.getValue(framePositions, frames.getDevice(), training));
        NDArray textToken = textProjection.forward(store, new NDList(text), training).singletonOrThrow().expandDims(1);
        NDArray prompts = store.getValue(textPromptTokens, frames.getDevice(), training).expandDims(0)
                .repeat(0, b);
        NDArray tokens = NDArrays.concat(new NDList(prompts, textToken, visual), 1);    // (B, K + 1 + N, d)
        for (TransformerLayer layer : layers) {
            tokens = layer.forward(store, new NDList(tokens), training).singletonOrThrow();
        }
        NDArray out = head.forward(store, new NDList(tokens.get(":, 0, :")), training).singletonOrThrow(); // (B, 3)
        NDArray centre = Activation.sigmoid(out.get(":, 0"));
        NDArray halfWidth = Activation.sigmoid(out.get(":, 1")).div(2);
        NDArray start = centre.sub(halfWidth).clip(0f, 1f);
        NDArray end = centre.add(halfWidth).clip(0f, 1f);
        return new NDList(NDArrays.stack(new NDList(start, end), 1), out.get(":, 2"));
    }

    /** 1 where the visual prompt may change pixels: a border of width p, or a bottom strip of height p. */
    static float[] promptMask(Hyperparameters hp) {
        int h = hp.height();
        int w = hp.width();
        int p = hp.promptSize();
        float[] mask = new float[hp.channels() * h * w];
        for (int c = 0; c < hp.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean on = hp.visualPrompt() == VisualPrompt.FRAMEPAD
                            ? y < p || y >= h - p || x < p || x >= w - p
                            : y >= h - p;
                    mask[(c * h + y) * w + x] = on ? 1f : 0f;
                }
            }
        }
        return mask;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long n = b * hp.frames();
        Shape s = new Shape(n, hp.channels(), hp.height(), hp.width());
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).initialize(manager, dataType, s);
            s = encoder.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        visualProjection.initialize(manager, dataType, new Shape(n, ENCODER_WIDTHS[ENCODER_WIDTHS.length - 1]));
        textProjection.initialize(manager, dataType, new Shape(b, hp.textDim()));
        Shape tokens = new Shape(b, hp.textPrompts() + 1L + hp.frames(), hp.dim());
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        head.initialize(manager, dataType, new Shape(b, hp.dim()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, 2), new Shape(b)};
    }
}
