package io.barcast.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An LSTM layer configuration ({@link RoutedLstm}) whose layer computes its full-sequence forward and backward passes
 * in Java ({@link JavaLstmLayer}: batched loops over float arrays with the Vector API) instead of DL4J's per-time-step
 * loop of small native ops.
 */
public final class JavaLstm extends RoutedLstm {

    /** For JSON. */
    public JavaLstm() {
    }

    public JavaLstm(long nIn, long nOut) {
        super(nIn, nOut);
    }

    @Override
    org.deeplearning4j.nn.layers.recurrent.LSTM newLayer(NeuralNetConfiguration conf, DataType networkDataType) {
        return new JavaLstmLayer(conf, networkDataType);
    }
}
