package io.barcast.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An LSTM layer configuration ({@link RoutedLstm}) whose layer computes its forward and backward passes with
 * libnd4j's fused {@code lstmLayer} / {@code lstmLayer_bp} ops, one native call each for the whole sequence
 * ({@link OpLstmLayer}), instead of DL4J's per-time-step Java loop of small ops.
 */
public final class OpLstm extends RoutedLstm {

    /** For JSON. */
    public OpLstm() {
    }

    public OpLstm(long nIn, long nOut) {
        super(nIn, nOut);
    }

    @Override
    org.deeplearning4j.nn.layers.recurrent.LSTM newLayer(NeuralNetConfiguration conf, DataType networkDataType) {
        return new OpLstmLayer(conf, networkDataType);
    }
}
