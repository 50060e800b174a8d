package io.barcast.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer of {@link OpLstm}: DL4J's {@code LSTM} layer with its full-sequence forward and backward passes done by
 * libnd4j's {@code lstmLayer} and {@code lstmLayer_bp} ops (NCW, forward direction, sigmoid gates, tanh cell and output,
 * no peepholes). DL4J keeps its parameters' layout (gate column blocks [block input, forget, output, input gate]); the
 * op wants [input gate, forget, block input, output], so the three parameter arrays are copied into that order for
 * each pass (into the pass's working-memory workspace) and the gradients copied back. Other calls (single time steps
 * for {@code rnnTimeStep}) are DL4J's.
 */
final class OpLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {

    /** Op gate block k is DL4J's block {@code TO_OP[k]}. */
    private static final int[] TO_OP = {3, 1, 0, 2};
    /** DL4J gate block k is the op's block {@code TO_DL4J[k]}. */
    private static final int[] TO_DL4J = {2, 1, 3, 0};

    // lstmLayer's arguments: data format NST (= NCW), direction forward, gate sigmoid, cell and output tanh
    private static final long[] INT_ARGS = {2, 0, 2, 0, 0};
    private static final double[] FLOAT_ARGS = {0.0}; // no cell clipping
    // has biases, no sequence lengths, no initial h or c, no peepholes; full sequence out, not the last h or c
    private static final boolean[] BOOL_ARGS = {true, false, false, false, false, true, false, false};

    OpLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (maskArray != null) {
            throw new UnsupportedOperationException("OpLstm does not support masks");
        }
        INDArray x = contiguous(input);
        long n = layerConf().getNOut();
        INDArray[] w = opWeights(workspaceMgr, ArrayType.FF_WORKING_MEM, x.dataType());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), new long[]{x.size(0), n, x.size(2)}, 'c');
        exec("lstmLayer", new INDArray[]{x, w[0], w[1], w[2]}, new INDArray[]{out});
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = contiguous(input);
        DataType dt = x.dataType();
        long nIn = layerConf().getNIn();
        long n = layerConf().getNOut();
        INDArray[] w = opWeights(workspaceMgr, ArrayType.BP_WORKING_MEM, dt);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt, x.shape(), 'c');
        INDArray dWx = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{nIn, 4 * n}, 'c');
        INDArray dWr = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{n, 4 * n}, 'c');
        INDArray db = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{4 * n}, 'c');
        exec("lstmLayer_bp", new INDArray[]{x, w[0], w[1], w[2], contiguous(epsilon.castTo(dt))}, new INDArray[]{dx, dWx, dWr, db});
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        reorder(dWx, gW, TO_DL4J, n);
        reorder(dWr, gRW, TO_DL4J, n);
        reorder(db.reshape(1, 4 * n), gB.reshape(1, 4 * n), TO_DL4J, n);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        g.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        g.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        return new Pair<>(g, dx);
    }

    /** The input-, recurrent-weight and bias arrays in the op's gate order, in {@code type}'s workspace. */
    private INDArray[] opWeights(LayerWorkspaceMgr mgr, ArrayType type, DataType dt) {
        long n = layerConf().getNOut();
        INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray b = getParam(LSTMParamInitializer.BIAS_KEY);
        INDArray wx = mgr.createUninitialized(type, dt, w.shape(), 'c');
        INDArray wr = mgr.createUninitialized(type, dt, rw.shape(), 'c');
        INDArray bias = mgr.createUninitialized(type, dt, new long[]{4 * n}, 'c');
        reorder(w, wx, TO_OP, n);
        reorder(rw, wr, TO_OP, n);
        reorder(b.reshape(1, 4 * n), bias.reshape(1, 4 * n), TO_OP, n);
        return new INDArray[]{wx, wr, bias};
    }

    /** Column block k (of width n) of {@code to} is block {@code map[k]} of {@code from}; both [rows, 4n]. */
    private static void reorder(INDArray from, INDArray to, int[] map, long n) {
        for (int k = 0; k < 4; k++) {
            to.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n))
                    .assign(from.get(NDArrayIndex.all(), NDArrayIndex.interval(map[k] * n, (map[k] + 1) * n)));
        }
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }

    private static void exec(String name, INDArray[] in, INDArray[] out) {
        DynamicCustomOp op = new DynamicCustomOp(name, in, out);
        op.addIArgument(INT_ARGS);
        op.addTArgument(FLOAT_ARGS);
        op.addBArgument(BOOL_ARGS);
        Nd4j.exec(op);
    }
}
