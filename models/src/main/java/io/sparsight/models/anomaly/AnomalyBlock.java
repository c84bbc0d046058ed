package io.sparsight.models.anomaly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The anomaly model's frame predictor (after MemoryOut): the last {@code context} grey frames in, the next frame
 * out. A small U-Net: three encoder stages (width c, 2c, 4c; max-pooling between), a bottleneck whose every position
 * passes through a {@link SparseFilteringBlock}, and two decoder stages (nearest upsampling, skip connection, two
 * convolutions) of which the first also filters its features through an SFFM. Output in [0, 1] (sigmoid).
 *
 * <p>Input {@code (B, context, H, W)} with H and W divisible by 4. Output {@code [prediction (B, 1, H, W),
 * load-balancing loss ()]}, the mean of the SFFM blocks' auxiliary losses.
 *
 * <p>The reference's semantic branch (captions from a vision-language model, fused into the bottleneck) cannot run
 * here: no such model is available offline. Its place is {@link #bottleneck}: a text or image embedding would be
 * projected and added to the bottleneck tokens before filtering.
 */
public final class AnomalyBlock extends AbstractBlock {

    /** Layout version of the parameters, as recorded in model.json. */
    public static final byte VERSION = 1;

    /** Architecture name in model.json. */
    public static final String ARCHITECTURE = "sffm-frame-predictor";

    private final Hyperparameters hp;
    private final DoubleConv enc1;
    private final DoubleConv enc2;
    private final DoubleConv enc3;
    private final SparseFilteringBlock bottleneck;
    private final DoubleConv dec2;
    private final SparseFilteringBlock dec2Filter;
    private final DoubleConv dec1;
    private final Conv2d head;

    /**
     * The architecture's hyperparameters, as recorded in model.json.
     *
     * @param context frames in
     * @param width channels of the first encoder stage (then 2x and 4x)
     * @param experts routed experts of the bottleneck SFFM
     * @param topK experts kept per position in the bottleneck SFFM
     * @param expertBottleneck hidden width b of every expert
     * @param decoderExperts routed experts of the decoder SFFM (it runs at 4x the positions of the bottleneck)
     * @param decoderTopK experts kept per position in the decoder SFFM
     */
    public record Hyperparameters(int context, int width, int experts, int topK, int expertBottleneck,
            int decoderExperts, int decoderTopK) {

        /**
         * Small enough to train and run on 2 CPU cores: width 16; bottleneck SFFM with 63 experts, top 7, expert
         * bottleneck 8 (as the reference on Ped2); decoder SFFM with 15 experts, top 3.
         */
        public static Hyperparameters defaults() {
            return new Hyperparameters(4, 16, 63, 7, 8, 15, 3);
        }
    }

    public AnomalyBlock(Hyperparameters hp) {
        super(VERSION);
        if (hp.width() < 8 || hp.width() % 8 != 0) {
            // libtorch's oneDNN convolution backward returns NaN weight gradients, now and then, when a 3x3
            // convolution has more than 8 input channels and not a multiple of 8 (docs/architecture.md)
            throw new IllegalArgumentException("the predictor width must be a multiple of 8, got " + hp.width());
        }
        this.hp = hp;
        int c = hp.width();
        enc1 = addChildBlock("enc1", new DoubleConv(c));
        enc2 = addChildBlock("enc2", new DoubleConv(2 * c));
        enc3 = addChildBlock("enc3", new DoubleConv(4 * c));
        bottleneck = addChildBlock("bottleneck",
                new SparseFilteringBlock(4 * c, hp.experts(), hp.topK(), hp.expertBottleneck()));
        dec2 = addChildBlock("dec2", new DoubleConv(2 * c));
        dec2Filter = addChildBlock("dec2Filter",
                new SparseFilteringBlock(2 * c, hp.decoderExperts(), hp.decoderTopK(), hp.expertBottleneck()));
        dec1 = addChildBlock("dec1", new DoubleConv(c));
        head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray e1 = enc1.forward(store, new NDList(x), training).singletonOrThrow();                  // c,  H
        NDArray e2 = enc2.forward(store, new NDList(maxPool(e1)), training).singletonOrThrow();        // 2c, H/2
        NDArray e3 = enc3.forward(store, new NDList(maxPool(e2)), training).singletonOrThrow();        // 4c, H/4

        NDList filtered = filter(bottleneck, store, e3, training);
        NDArray b = filtered.get(0);
        NDArray d2 = dec2.forward(store, new NDList(NDArrays.concat(new NDList(upsample(b), e2), 1)), training)
                .singletonOrThrow();
        NDList filtered2 = filter(dec2Filter, store, d2, training);
        NDArray d1 = dec1.forward(store,
                new NDList(NDArrays.concat(new NDList(upsample(filtered2.get(0)), e1), 1)), training).singletonOrThrow();
        NDArray prediction = Activation.sigmoid(head.forward(store, new NDList(d1), training).singletonOrThrow());
        NDArray balance = filtered.get(1).add(filtered2.get(1)).div(2);
        return new NDList(prediction, balance);
    }

    /** Runs an SFFM over every position of a feature map {@code (B, C, H, W)}. */
    private static NDList filter(SparseFilteringBlock sffm, ParameterStore store, NDArray map, boolean training) {
        return sffm.forward(store, new NDList(map), training);
    }

    private static NDArray maxPool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** Nearest-neighbour 2x upsampling: every row and column repeated twice. */
    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long batch = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        if (h % 4 != 0 || w % 4 != 0) {
            throw new IllegalArgumentException("frame size must be divisible by 4, got " + w + "x" + h);
        }
        int c = hp.width();
        enc1.initialize(manager, dataType, in);
        enc2.initialize(manager, dataType, new Shape(batch, c, h / 2, w / 2));
        enc3.initialize(manager, dataType, new Shape(batch, 2 * c, h / 4, w / 4));
        bottleneck.initialize(manager, dataType, new Shape(batch, 4L * c, h / 4, w / 4));
        dec2.initialize(manager, dataType, new Shape(batch, 6L * c, h / 2, w / 2));
        dec2Filter.initialize(manager, dataType, new Shape(batch, 2L * c, h / 2, w / 2));
        dec1.initialize(manager, dataType, new Shape(batch, 3L * c, h, w));
        head.initialize(manager, dataType, new Shape(batch, c, h, w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3)), new Shape()};
    }

    /** Two 3x3 convolutions with ReLU, keeping the spatial size. */
    static final class DoubleConv extends AbstractBlock {
        private final Conv2d first;
        private final Conv2d second;
        private final int filters;

        DoubleConv(int filters) {
            super(VERSION);
            this.filters = filters;
            first = addChildBlock("conv1", conv(filters));
            second = addChildBlock("conv2", conv(filters));
        }

        private static Conv2d conv(int filters) {
            return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = Activation.relu(first.forward(store, inputs, training).singletonOrThrow());
            return new NDList(Activation.relu(second.forward(store, new NDList(x), training).singletonOrThrow()));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            first.initialize(manager, dataType, in);
            second.initialize(manager, dataType, new Shape(in.get(0), filters, in.get(2), in.get(3)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
        }
    }
}
