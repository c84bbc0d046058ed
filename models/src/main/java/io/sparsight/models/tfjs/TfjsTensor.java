package io.sparsight.models.tfjs;

import java.util.Arrays;

/**
 * A constant tensor of a TF.js graph model, decoded from its weights file: floats (dequantised when the file stores
 * them as float16 or as scaled 8/16-bit integers) or 32-bit integers, with its shape.
 */
public record TfjsTensor(String name, String dtype, long[] shape, float[] floats, int[] ints) {

    public static TfjsTensor ofFloats(String name, long[] shape, float[] values) {
        return new TfjsTensor(name, "float32", shape, values, null);
    }

    public static TfjsTensor ofInts(String name, String dtype, long[] shape, int[] values) {
        return new TfjsTensor(name, dtype, shape, null, values);
    }

    public boolean isFloat() {
        return floats != null;
    }

    /** Elements in a tensor of this shape (1 for a scalar). */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
