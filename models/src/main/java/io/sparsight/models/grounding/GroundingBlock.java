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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.sparsight.models.grounding.Hyperparameter.integer;

/**
 * The temporal grounding model (after TVP), with a presence head for streaming. Inputs: N frames sampled sparsely
 * over a window {@code (B, N, C, H, W)} in [0, 1], and a sentence embedding {@code (B, textDim)} from a frozen text
 * encoder. Outputs: the moment {@code (B, 2)} (start and end, as fractions of the window) and the presence logit
 * {@code (B)} (is the sentence happening in this window at all).
 *
 * <ul>
 *   <li>Visual prompt: one learned perturbation added to the pixels of every frame, only on a border of width p
 *       ({@code framepad}) or a strip of height p at the bottom ({@code framedownpad}).</li>
 *   <li>Frame encoder: a small 2D CNN (four stride-2 3x3 convolutions, widths 8, 16, 32, 64) over the frame and
 *       the grey difference from the previous sample (4 channels), its last map (a sixteenth of the frame)
 *       flattened (not averaged: where things are matters for "moves left") and projected to one token per frame,
 *       plus a learned position per frame.</li>
 *   <li>Text: the sentence embedding projected to the model width, after {@code textPrompts} learned prompt tokens.</li>
 *   <li>Fusion: transformer layers over {@code [text prompts | text | frames]}.</li>
 *   <li>Heads: the first prompt token's output gives the presence logit; every frame token's output gives a start
 *       and an end logit, and the moment's start and end are the expected frame boundaries under the softmax of
 *       those logits over the frames (a soft arg-max, so TDIoU trains them directly and the estimate moves with
 *       the frames, where TVP regresses them from one pooled token).</li>
 * </ul>
 */
public final class GroundingBlock extends AbstractBlock {

    public static final byte VERSION = 3;
    public static final String ARCHITECTURE = "tvp-grounding";
    /** Widths of the frame encoder's convolutions (multiples of 8: see ONEDNN_MAX_CPU_ISA in docs/architecture.md). */
    static final int[] ENCODER_WIDTHS = {8, 16, 32, 64};
    /**
     * Strides of those convolutions. A stride-1 last convolution (a finer map) made a training step 3x slower here,
     * as did 6 or 8 input channels: libtorch's CPU kernels for those shapes are slow (measured, not explained).
     */
    private static final int[] ENCODER_STRIDES = {2, 2, 2, 2};
    private static final int DOWNSCALE = 16;

    /** The visual prompt's shape. */
    public enum VisualPrompt { FRAMEPAD, FRAMEDOWNPAD }

    /** Architecture hyperparameters (recorded in model.json). */
    public record Hyperparameters(int frames, int channels, int height, int width, int textDim, int dim, int heads,
            int layers, int textPrompts, VisualPrompt visualPrompt, int promptSize) {

        public static Hyperparameters defaults() {
            return new Hyperparameters(32, 3, 32, 48, 384, 128, 4, 3, 4, VisualPrompt.FRAMEPAD, 3);
        }

        /** As a map for model.json. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("frames", frames);
            map.put("channels", channels);
            map.put("height", height);
            map.put("width", width);
            map.put("textDim", textDim);
            map.put("dim", dim);
            map.put("heads", heads);
            map.put("layers", layers);
            map.put("textPrompts", textPrompts);
            map.put("visualPrompt", visualPrompt.name().toLowerCase(Locale.ROOT));
            map.put("promptSize", promptSize);
            return map;
        }

        /** Back from model.json's map. */
        public static Hyperparameters fromMap(Map<String, Object> map) {
            return new Hyperparameters(integer(map, "frames"), integer(map, "channels"), integer(map, "height"),
                    integer(map, "width"), integer(map, "textDim"), integer(map, "dim"), integer(map, "heads"),
                    integer(map, "layers"), integer(map, "textPrompts"),
                    VisualPrompt.valueOf(String.valueOf(map.get("visualPrompt")).toUpperCase(Locale.ROOT)),
                    integer(map, "promptSize"));
        }
    }

    private final Hyperparameters hp;
    private final List<Conv2d> encoder = new ArrayList<>();
    private final Linear visualProjection;
    private final Linear textProjection;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Linear presenceHead;
    private final Linear boundaryHead;
    private final Parameter pixelPrompt;
    private final Parameter textPromptTokens;
    private final Parameter framePositions;

    public GroundingBlock(Hyperparameters hp) {
        super(VERSION);
        if (hp.height() % DOWNSCALE != 0 || hp.width() % DOWNSCALE != 0) {
            throw new IllegalArgumentException("frame size " + hp.width() + "x" + hp.height()
                    + ": both sides must be multiples of " + DOWNSCALE + " (four stride-2 convolutions)");
        }
        this.hp = hp;
        for (int i = 0; i < ENCODER_WIDTHS.length; i++) {
            encoder.add(addChildBlock("conv" + i, Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .optStride(new Shape(ENCODER_STRIDES[i], ENCODER_STRIDES[i])).optPadding(new Shape(1, 1))
                    .setFilters(ENCODER_WIDTHS[i]).build()));
        }
        visualProjection = addChildBlock("visualProjection", Linear.builder().setUnits(hp.dim()).build());
        textProjection = addChildBlock("textProjection", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(hp.dim(), hp.heads())));
        }
        presenceHead = addChildBlock("presenceHead", Linear.builder().setUnits(1).build());
        boundaryHead = addChildBlock("boundaryHead", Linear.builder().setUnits(2).build());
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
        return fuse(store, frameTokens(store, inputs.get(0), training), inputs.get(1), training);
    }

    /**
     * The visual half: windows {@code (B, N, C, H, W)} to frame tokens {@code (B, N, dim)}. It does not depend on the
     * sentence, so one window asked many queries needs it once (see {@link #fuse}).
     */
    public NDArray frameTokens(ParameterStore store, NDArray frames, boolean training) {
        long b = frames.getShape().get(0);
        NDArray mask = frames.getManager().create(promptMask(hp), new Shape(hp.channels(), hp.height(), hp.width()));
        // every new array hangs off the input's manager (an op's result joins its first operand's manager: a
        // parameter first would keep each step's autograd graph alive in the model's manager)
        NDArray prompt = mask.mul(store.getValue(pixelPrompt, frames.getDevice(), training));
        NDArray prompted = frames.add(prompt);                                          // (B, N, C, H, W)
        NDArray x = NDArrays.concat(new NDList(prompted, motion(prompted).mean(new int[] {2}, true)), 2)
                .reshape(b * hp.frames(), hp.channels() + 1L, hp.height(), hp.width());
        for (Conv2d conv : encoder) {
            x = Activation.relu(conv.forward(store, new NDList(x), training).singletonOrThrow());
        }
        NDArray flat = x.reshape(b * hp.frames(), featureSize());
        return visualProjection.forward(store, new NDList(flat), training).singletonOrThrow()
                .reshape(b, hp.frames(), hp.dim())
                .add(store.getValue(framePositions, frames.getDevice(), training));
    }

    /**
     * The rest: frame tokens {@code (B, N, dim)} and sentence embeddings {@code (B, textDim)} to the moment
     * {@code (B, 2)} and the presence logit {@code (B)}.
     */
    public NDList fuse(ParameterStore store, NDArray visual, NDArray text, boolean training) {
        long b = visual.getShape().get(0);
        NDArray textToken = textProjection.forward(store, new NDList(text), training).singletonOrThrow().expandDims(1);
        NDArray prompts = visual.getManager().zeros(new Shape(b, hp.textPrompts(), hp.dim()))
                .add(store.getValue(textPromptTokens, visual.getDevice(), training));
        NDArray tokens = NDArrays.concat(new NDList(prompts, textToken, visual), 1);    // (B, K + 1 + N, d)
        for (TransformerLayer layer : layers) {
            tokens = layer.forward(store, new NDList(tokens), training).singletonOrThrow();
        }
        return MomentHeads.outputs(store, tokens, hp.textPrompts() + 1, hp.frames(), presenceHead, boundaryHead,
                training);
    }

    /**
     * Each frame's difference from the frame sampled before it (zero for the first), per colour channel: moving,
     * stopping and speeding up are plain in it, where a single frame only shows where things are. The encoder takes
     * its mean over the channels.
     */
    private NDArray motion(NDArray frames) {
        long b = frames.getShape().get(0);
        NDArray first = frames.getManager().zeros(new Shape(b, 1, hp.channels(), hp.height(), hp.width()));
        if (hp.frames() == 1) {
            return first;
        }
        NDArray later = frames.get(":, 1:").sub(frames.get(":, :-1"));
        return NDArrays.concat(new NDList(first, later), 1);
    }

    private long featureSize() {
        return (long) ENCODER_WIDTHS[ENCODER_WIDTHS.length - 1] * (hp.height() / DOWNSCALE) * (hp.width() / DOWNSCALE);
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
        Shape s = new Shape(n, hp.channels() + 1L, hp.height(), hp.width());
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).initialize(manager, dataType, s);
            s = encoder.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        visualProjection.initialize(manager, dataType, new Shape(n, featureSize()));
        textProjection.initialize(manager, dataType, new Shape(b, hp.textDim()));
        Shape tokens = new Shape(b, hp.textPrompts() + 1L + hp.frames(), hp.dim());
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        MomentHeads.initialize(manager, dataType, b, hp.frames(), hp.dim(), presenceHead, boundaryHead);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, 2), new Shape(b)};
    }
}
