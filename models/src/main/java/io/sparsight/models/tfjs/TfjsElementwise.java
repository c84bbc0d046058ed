package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.Map;

/** Element-wise ops: arithmetic with broadcasting, comparisons, activations, casts. */
final class TfjsElementwise {

    private TfjsElementwise() {}

    static void register(Map<String, TfjsKernel> kernels) {
        kernels.put("Identity", TfjsKernel.single((n, in) -> in.get(0)));
        kernels.put("Add", TfjsKernel.single((n, in) -> in.get(0).add(in.get(1))));
        kernels.put("AddV2", kernels.get("Add"));
        kernels.put("Sub", TfjsKernel.single((n, in) -> in.get(0).sub(in.get(1))));
        kernels.put("Mul", TfjsKernel.single((n, in) -> in.get(0).mul(in.get(1))));
        kernels.put("FloorDiv", TfjsKernel.single((n, in) -> floorDiv(in.get(0), in.get(1))));
        kernels.put("FloorMod", TfjsKernel.single((n, in) -> floorMod(in.get(0), in.get(1))));
        kernels.put("RealDiv", TfjsKernel.single((n, in) -> in.get(0).div(in.get(1))));
        kernels.put("Maximum", TfjsKernel.single((n, in) -> in.get(0).maximum(in.get(1))));
        kernels.put("Minimum", TfjsKernel.single((n, in) -> in.get(0).minimum(in.get(1))));
        kernels.put("SquaredDifference", TfjsKernel.single((n, in) -> in.get(0).sub(in.get(1)).square()));
        kernels.put("AddN", TfjsKernel.single((n, in) -> {
            NDArray sum = in.get(0);
            for (int k = 1; k < in.size(); k++) {
                sum = sum.add(in.get(k));
            }
            return sum;
        }));
        kernels.put("Abs", TfjsKernel.single((n, in) -> in.get(0).abs()));
        kernels.put("Exp", TfjsKernel.single((n, in) -> in.get(0).exp()));
        kernels.put("Reciprocal", TfjsKernel.single((n, in) -> in.get(0).getNDArrayInternal().rdiv(1f)));
        kernels.put("Equal", TfjsKernel.single((n, in) -> in.get(0).eq(in.get(1))));
        kernels.put("Less", TfjsKernel.single((n, in) -> in.get(0).lt(in.get(1))));
        kernels.put("Greater", TfjsKernel.single((n, in) -> in.get(0).gt(in.get(1))));
        kernels.put("GreaterEqual", TfjsKernel.single((n, in) -> in.get(0).gte(in.get(1))));
        kernels.put("LogicalAnd", TfjsKernel.single((n, in) -> in.get(0).logicalAnd(in.get(1))));
        kernels.put("Select", TfjsKernel.single((n, in) -> ai.djl.ndarray.NDArrays.where(in.get(0), in.get(1),
                in.get(2))));
        kernels.put("SelectV2", kernels.get("Select"));
        kernels.put("Relu", TfjsKernel.single((n, in) -> activation("Relu", n, in.get(0))));
        kernels.put("Relu6", TfjsKernel.single((n, in) -> activation("Relu6", n, in.get(0))));
        kernels.put("LeakyRelu", TfjsKernel.single((n, in) -> activation("LeakyRelu", n, in.get(0))));
        kernels.put("Sigmoid", TfjsKernel.single((n, in) -> activation("Sigmoid", n, in.get(0))));
        kernels.put("Cast", TfjsKernel.single((n, in) -> cast(n, in.get(0))));
    }

    /** An activation by its TensorFlow name, as a fused op may also name it. */
    static NDArray activation(String name, TfjsNode node, NDArray x) {
        return switch (name) {
            case "Relu" -> x.maximum(0f);
            case "Relu6" -> x.clip(0f, 6f);
            case "LeakyRelu" -> {
                float alpha = (float) node.number(node.has("alpha") ? "alpha" : "leakyrelu_alpha", 0.2);
                yield x.maximum(x.mul(alpha));
            }
            case "Sigmoid" -> ai.djl.nn.Activation.sigmoid(x);
            default -> throw new IllegalStateException("node " + node.name() + ": activation " + name
                    + " is not supported");
        };
    }

    private static NDArray floorDiv(NDArray a, NDArray b) {
        NDArray q = a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false)).floor();
        return q.toType(a.getDataType(), false);
    }

    private static NDArray floorMod(NDArray a, NDArray b) {
        NDArray af = a.toType(DataType.FLOAT64, false);
        NDArray bf = b.toType(DataType.FLOAT64, false);
        return af.sub(af.div(bf).floor().mul(bf)).toType(a.getDataType(), false);
    }

    private static NDArray cast(TfjsNode node, NDArray x) {
        String type = node.attributes().path("DstT").path("type").asText("DT_FLOAT");
        DataType target = switch (type) {
            case "DT_FLOAT" -> DataType.FLOAT32;
            case "DT_INT32" -> DataType.INT32;
            case "DT_BOOL" -> DataType.BOOLEAN;
            default -> throw new IllegalStateException("node " + node.name() + ": Cast to " + type
                    + " is not supported");
        };
        return x.toType(target, false);
    }
}
