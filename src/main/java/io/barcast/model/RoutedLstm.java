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
 * DL4J's {@code LSTM} layer configuration (the same parameters, layout, initialisation and serialised form apart
 * from the class name) whose layer computes its passes another way ({@link JavaLstm}, {@link OpLstm}). Tanh cell and
 * output, sigmoid gates, forget-gate bias initialised to 1, NCW; no peepholes, masks, dropout, weight noise or
 * truncated BPTT (the configurations Barcast trains have none).
 */
abstract class RoutedLstm extends LSTM {

    RoutedLstm() {
        setGateActivationFn(new ActivationSigmoid());
        setActivationFn(new ActivationTanH());
        setForgetGateBiasInit(1.0);
        setRnnDataFormat(RNNFormat.NCW);
    }

    RoutedLstm(long nIn, long nOut) {
        this();
        setNIn(nIn);
        setNOut(nOut);
    }

    /** The layer that computes this configuration's passes. */
    abstract org.deeplearning4j.nn.layers.recurrent.LSTM newLayer(NeuralNetConfiguration conf, DataType networkDataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        org.deeplearning4j.nn.layers.recurrent.LSTM layer = newLayer(conf, networkDataType);
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
