package io.barcast.model;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * DL4J's {@code LSTM} layer configuration (same parameters, layout and initialisation) whose layer computes its
 * full-sequence passes in Java ({@link JavaLstmLayer}) instead of DL4J's per-time-step loop of small native ops.
 * Tanh cell and output, sigmoid gates, forget-gate bias 1, NCW; no peepholes, masks, dropout or truncated BPTT.
 */
public final class JavaLstm extends LSTM {

    /** For JSON. */
    public JavaLstm() {
        setGateActivationFn(new ActivationSigmoid());
        setActivationFn(new ActivationTanH());
        setForgetGateBiasInit(1.0);
        setRnnDataFormat(RNNFormat.NCW);
    }

    public JavaLstm(long nIn, long nOut) {
        this();
        setNIn(nIn);
        setNOut(nOut);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        JavaLstmLayer layer = new JavaLstmLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        ParamInitializer init = initializer();
        Map<String, INDArray> params = init.init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
