package io.barcast.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies between ND4J arrays and Java float arrays in one bulk copy (not a native call per row, as {@code toFloatMatrix}). */
final class FloatArrays {

    private FloatArrays() {
    }

    /** The elements of {@code a} in row-major ('c') order, as floats. */
    static float[] rowMajor(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
        float[] v = c.data().asFloat();
        if (v.length != a.length()) {
            v = c.reshape(c.length()).toFloatVector();
        }
        return v;
    }
}
