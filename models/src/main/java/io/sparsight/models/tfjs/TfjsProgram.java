package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TF.js graph model compiled once into a list of steps on DJL NDArrays: the nodes its outputs need, in an order
 * where every input is computed first, each bound to its op's kernel, the constants already tensors. Running it
 * feeds the placeholder and walks the list; nothing is parsed per call. Not thread-safe: one program per thread.
 */
public final class TfjsProgram implements AutoCloseable {

    /** Every op this importer runs, with its kernel. */
    static final Map<String, TfjsKernel> KERNELS = kernels();

    private final TfjsGraphModel model;
    private final NDManager manager;
    private final Map<String, NDArray> constants = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();

    private record Step(TfjsNode node, TfjsKernel kernel) {}

    private static Map<String, TfjsKernel> kernels() {
        Map<String, TfjsKernel> kernels = new HashMap<>();
        TfjsElementwise.register(kernels);
        TfjsConvolutions.register(kernels);
        TfjsShapes.register(kernels);
        return Map.copyOf(kernels);
    }

    /** Compiles the model; an op the importer does not run fails here, naming it. */
    public TfjsProgram(TfjsGraphModel model, NDManager parent) throws IOException {
        Set<String> known = new HashSet<>(KERNELS.keySet());
        known.remove(TfjsFusion.NCHW_CONV); // Sparsight's own, never a model file's
        known.remove(TfjsFusion.NCHW_MAX_POOL);
        known.add("Const");
        known.add("Placeholder");
        model.requireOps(known);
        this.model = model;
        this.manager = parent.newSubManager();
        Map<String, TfjsNode> byName = new HashMap<>();
        for (TfjsNode node : TfjsFusion.fused(model.nodes(), model.weights())) {
            byName.put(node.name(), node);
        }
        Set<String> visited = new HashSet<>();
        for (String output : model.outputs()) {
            order(output, byName, visited, new HashSet<>());
        }
    }

    private void order(String name, Map<String, TfjsNode> byName, Set<String> visited, Set<String> onPath)
            throws IOException {
        if (visited.contains(name)) {
            return;
        }
        TfjsNode node = byName.get(name);
        if (node == null) {
            throw new IOException("TF.js model '" + model.name() + "': no node '" + name + "'");
        }
        if (!onPath.add(name)) {
            throw new IOException("TF.js model '" + model.name() + "': the graph has a cycle through '" + name + "'");
        }
        for (String input : node.inputs()) {
            order(TfjsNode.producer(input), byName, visited, onPath);
        }
        onPath.remove(name);
        visited.add(name);
        switch (node.op()) {
            case "Const" -> constants.put(name, tensor(model.weights().get(name)));
            case "Placeholder" -> { }
            default -> steps.add(new Step(node, KERNELS.get(node.op())));
        }
    }

    private NDArray tensor(TfjsTensor t) {
        Shape shape = new Shape(t.shape());
        if (t.isFloat()) {
            return manager.create(t.floats(), shape);
        }
        NDArray ints = manager.create(t.ints(), shape);
        return t.dtype().equals("bool") ? ints.toType(DataType.BOOLEAN, false) : ints;
    }

    /**
     * Runs the graph on one input (NHWC float32 for an image model) and returns its outputs by node name, in the
     * signature's order. The outputs belong to {@code resultManager}; intermediate arrays are closed here.
     */
    public Map<String, NDArray> run(NDArray input, NDManager resultManager) {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDList> values = new HashMap<>();
            values.put(model.inputs().get(0), new NDList(input));
            for (Step step : steps) {
                List<NDArray> inputs = new ArrayList<>(step.node().inputs().size());
                for (String in : step.node().inputs()) {
                    inputs.add(value(values, in));
                }
                NDList out;
                try {
                    out = step.kernel().apply(step.node(), inputs);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("TF.js model '" + model.name() + "', node " + step.node().name()
                            + " (" + step.node().op() + "): " + e.getMessage(), e);
                }
                for (NDArray array : out) {
                    if (!isAnyOf(array, inputs)) { // a pass-through (Identity) stays with its owner: a constant
                        array.attach(scope);
                    }
                }
                values.put(step.node().name(), out);
            }
            Map<String, NDArray> outputs = new LinkedHashMap<>();
            for (String output : model.outputs()) {
                NDArray array = value(values, output);
                array = array == input || isAnyOf(array, List.copyOf(constants.values())) ? array.duplicate() : array;
                array.attach(resultManager);
                outputs.put(output, array);
            }
            return outputs;
        }
    }

    private static boolean isAnyOf(NDArray array, List<NDArray> arrays) {
        for (NDArray a : arrays) {
            if (a == array) {
                return true;
            }
        }
        return false;
    }

    private NDArray value(Map<String, NDList> values, String input) {
        String producer = TfjsNode.producer(input);
        NDArray constant = constants.get(producer);
        if (constant != null) {
            return constant;
        }
        NDList list = values.get(producer);
        return list.get(TfjsNode.outputIndex(input));
    }

    public TfjsGraphModel model() {
        return model;
    }

    @Override
    public void close() {
        manager.close();
    }
}
