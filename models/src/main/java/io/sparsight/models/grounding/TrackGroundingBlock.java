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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sparsight.models.grounding.Hyperparameter.integer;

/**
 * The track-grounding model: TVP-style grounding whose visual tokens are the object stage's tracks rather than
 * pixels. Inputs: track features {@code (B, N, S, F)} for N sample times and S track slots ({@link TrackWindow}),
 * each slot's class as the sentence embedding of its class name {@code (B, S, textDim)} (so "cyclist" or "van" land
 * near "bicycle" and "truck"), and the sentence embedding {@code (B, textDim)}. Outputs as {@link GroundingBlock}: the
 * moment {@code (B, 2)} and the presence logit {@code (B)}.
 *
 * <ul>
 *   <li>Track tokens: each observation's features through a small MLP, plus a projection of its neighbours in time
 *       (the same track's tokens at the samples before and after: where it starts, stops or turns is local), its
 *       class and its sample time; then
 *       {@code trackLayers} rounds of attention along each track (what it did before and after: stops, turns back,
 *       falls) and across the tracks of each sample time (who is near whom: meets, follows, rides, carries).</li>
 *   <li>Frame tokens: per sample time, the sentence picks the tracks it is about (attention with the sentence as
 *       the query, with a learned "none of them" option), beside the mean of all tracks seen then.</li>
 *   <li>Fusion and heads as the pixel model: transformer layers over {@code [text prompts | text | frames]}, the
 *       presence logit from the first prompt, the moment as a soft arg-max over frame boundaries.</li>
 * </ul>
 * The track tokens do not depend on the sentence, so a window asked many queries computes them once
 * ({@link #trackTokens} and {@link #fuse}).
 */
public final class TrackGroundingBlock extends AbstractBlock {

    public static final byte VERSION = 1;
    public static final String ARCHITECTURE = "track-grounding";

    /** Architecture hyperparameters (recorded in model.json). */
    public record Hyperparameters(int frames, int slots, int features, int textDim, int dim, int heads,
            int trackLayers, int layers, int textPrompts) {

        public static Hyperparameters defaults() {
            return new Hyperparameters(32, 10, TrackWindow.FEATURES, 384, 64, 4, 2, 2, 4);
        }

        /** As a map for model.json. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("frames", frames);
            map.put("slots", slots);
            map.put("features", features);
            map.put("textDim", textDim);
            map.put("dim", dim);
            map.put("heads", heads);
            map.put("trackLayers", trackLayers);
            map.put("layers", layers);
            map.put("textPrompts", textPrompts);
            return map;
        }

        /** Back from model.json's map. */
        public static Hyperparameters fromMap(Map<String, Object> map) {
            return new Hyperparameters(integer(map, "frames"), integer(map, "slots"), integer(map, "features"),
                    integer(map, "textDim"), integer(map, "dim"), integer(map, "heads"), integer(map, "trackLayers"),
                    integer(map, "layers"), integer(map, "textPrompts"));
        }
    }

    private final Hyperparameters hp;
    private final Linear observationIn;
    private final Linear observationOut;
    private final Linear classProjection;
    private final Linear neighbours;
    private final List<TransformerLayer> alongTracks = new ArrayList<>();
    private final List<TransformerLayer> acrossTracks = new ArrayList<>();
    private final Linear queryProjection;
    private final Linear frameProjection;
    private final Linear textProjection;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Linear presenceHead;
    private final Linear boundaryHead;
    private final Parameter samplePositions;
    private final Parameter noTrackValue;
    private final Parameter noTrackScore;
    private final Parameter textPromptTokens;
    private final Parameter framePositions;

    public TrackGroundingBlock(Hyperparameters hp) {
        super(VERSION);
        this.hp = hp;
        observationIn = addChildBlock("observationIn", Linear.builder().setUnits(hp.dim()).build());
        observationOut = addChildBlock("observationOut", Linear.builder().setUnits(hp.dim()).build());
        classProjection = addChildBlock("classProjection", Linear.builder().setUnits(hp.dim()).build());
        neighbours = addChildBlock("neighbours", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.trackLayers(); i++) {
            alongTracks.add(addChildBlock("alongTracks" + i, new TransformerLayer(hp.dim(), hp.heads())));
            acrossTracks.add(addChildBlock("acrossTracks" + i, new TransformerLayer(hp.dim(), hp.heads())));
        }
        queryProjection = addChildBlock("queryProjection", Linear.builder().setUnits(hp.dim()).build());
        frameProjection = addChildBlock("frameProjection", Linear.builder().setUnits(hp.dim()).build());
        textProjection = addChildBlock("textProjection", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(hp.dim(), hp.heads())));
        }
        presenceHead = addChildBlock("presenceHead", Linear.builder().setUnits(1).build());
        boundaryHead = addChildBlock("boundaryHead", Linear.builder().setUnits(2).build());
        samplePositions = addParameter(vector("samplePositions", new Shape(hp.frames(), hp.dim())));
        noTrackValue = addParameter(vector("noTrackValue", new Shape(hp.dim())));
        noTrackScore = addParameter(Parameter.builder().setName("noTrackScore").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(0)).build());
        textPromptTokens = addParameter(vector("textPrompts", new Shape(hp.textPrompts(), hp.dim())));
        framePositions = addParameter(vector("framePositions", new Shape(hp.frames(), hp.dim())));
    }

    private static Parameter vector(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(new NormalInitializer(0.02f)).build();
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        return fuse(store, trackTokens(store, features, inputs.get(1), training), seen(features), inputs.get(2),
                training);
    }

    /** Which slots hold a track at each sample time {@code (B, N, S)}, from the features. */
    public static NDArray seen(NDArray features) {
        return features.get("..., 0");
    }

    /**
     * The sentence-free half: track features {@code (B, N, S, F)} and slot classes {@code (B, S, textDim)} to track
     * tokens {@code (B, N, S, dim)}.
     */
    public NDArray trackTokens(ParameterStore store, NDArray features, NDArray classes, boolean training) {
        long b = features.getShape().get(0);
        int n = hp.frames();
        int s = hp.slots();
        int d = hp.dim();
        NDArray x = apply(observationOut, store, Activation.gelu(apply(observationIn, store, features, training)),
                training);
        NDArray zero = x.getManager().zeros(new Shape(b, 1, s, d));
        NDArray before = NDArrays.concat(new NDList(zero, x.get(":, :-1")), 1);
        NDArray after = NDArrays.concat(new NDList(x.get(":, 1:"), zero), 1);
        NDArray around = NDArrays.concat(new NDList(before, after), 3);
        x = x.add(Activation.gelu(apply(neighbours, store, around, training)));
        x = x.add(apply(classProjection, store, classes, training).expandDims(1))
                .add(store.getValue(samplePositions, features.getDevice(), training).reshape(1, n, 1, d));
        for (int i = 0; i < hp.trackLayers(); i++) {
            NDArray along = x.transpose(0, 2, 1, 3).reshape(b * s, n, d);
            along = alongTracks.get(i).forward(store, new NDList(along), training).singletonOrThrow();
            x = along.reshape(b, s, n, d).transpose(0, 2, 1, 3);
            NDArray across = acrossTracks.get(i).forward(store, new NDList(x.reshape(b * n, s, d)), training)
                    .singletonOrThrow();
            x = across.reshape(b, n, s, d);
        }
        return x;
    }

    /**
     * The rest: track tokens {@code (B, N, S, dim)}, which slots are seen {@code (B, N, S)} and sentence embeddings
     * {@code (B, textDim)} to the moment {@code (B, 2)} and the presence logit {@code (B)}.
     */
    public NDList fuse(ParameterStore store, NDArray tracks, NDArray seen, NDArray text, boolean training) {
        long b = tracks.getShape().get(0);
        int n = hp.frames();
        int d = hp.dim();
        NDManager manager = tracks.getManager();
        NDArray query = apply(queryProjection, store, text, training).reshape(b, 1, 1, d);
        NDArray scores = tracks.mul(query).sum(new int[] {3}).div((float) Math.sqrt(d))
                .add(seen.sub(1f).mul(1e4f));                                             // (B, N, S)
        NDArray none = manager.zeros(new Shape(b, n, 1))
                .add(store.getValue(noTrackScore, tracks.getDevice(), training));
        NDArray weights = NDArrays.concat(new NDList(scores, none), 2).softmax(2).expandDims(3); // (B, N, S+1, 1)
        NDArray noneValue = manager.zeros(new Shape(b, n, 1, d))
                .add(store.getValue(noTrackValue, tracks.getDevice(), training));
        NDArray picked = NDArrays.concat(new NDList(tracks, noneValue), 2).mul(weights).sum(new int[] {2});
        NDArray seenMask = seen.expandDims(3);
        NDArray mean = tracks.mul(seenMask).sum(new int[] {2}).div(seenMask.sum(new int[] {2}).maximum(1f));
        NDArray frames = apply(frameProjection, store, NDArrays.concat(new NDList(picked, mean), 2), training)
                .add(store.getValue(framePositions, tracks.getDevice(), training));    // (B, N, d)
        NDArray textToken = apply(textProjection, store, text, training).expandDims(1);
        NDArray prompts = manager.zeros(new Shape(b, hp.textPrompts(), d))
                .add(store.getValue(textPromptTokens, tracks.getDevice(), training));
        NDArray tokens = NDArrays.concat(new NDList(prompts, textToken, frames), 1);
        for (TransformerLayer layer : layers) {
            tokens = layer.forward(store, new NDList(tokens), training).singletonOrThrow();
        }
        return MomentHeads.outputs(store, tokens, hp.textPrompts() + 1, n, presenceHead, boundaryHead, training);
    }

    private static NDArray apply(Linear linear, ParameterStore store, NDArray x, boolean training) {
        return linear.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int n = hp.frames();
        int s = hp.slots();
        int d = hp.dim();
        observationIn.initialize(manager, dataType, new Shape(b, n, s, hp.features()));
        observationOut.initialize(manager, dataType, new Shape(b, n, s, d));
        classProjection.initialize(manager, dataType, new Shape(b, s, hp.textDim()));
        neighbours.initialize(manager, dataType, new Shape(b, n, s, 2L * d));
        for (int i = 0; i < hp.trackLayers(); i++) {
            alongTracks.get(i).initialize(manager, dataType, new Shape(b * s, n, d));
            acrossTracks.get(i).initialize(manager, dataType, new Shape(b * n, s, d));
        }
        queryProjection.initialize(manager, dataType, new Shape(b, hp.textDim()));
        frameProjection.initialize(manager, dataType, new Shape(b, n, 2L * d));
        textProjection.initialize(manager, dataType, new Shape(b, hp.textDim()));
        Shape tokens = new Shape(b, hp.textPrompts() + 1L + n, d);
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        MomentHeads.initialize(manager, dataType, b, n, d, presenceHead, boundaryHead);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, 2), new Shape(b)};
    }
}
