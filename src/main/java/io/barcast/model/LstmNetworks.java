package io.barcast.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network for a {@link ModelConfig}: stacked LSTMs, the last time step, and a linear output of
 * two units, the mean and the log-variance of the next (normalised) log return, fitted by {@link MeanVarianceLoss}.
 * Models saved before the variance output existed have one unit fitted by squared error ({@link #LEGACY_OUTPUTS}).
 */
final class LstmNetworks {

    /** Mean and log-variance. */
    static final int OUTPUTS = 2;
    /** The mean only, as models before prediction intervals were built. */
    static final int LEGACY_OUTPUTS = 1;

    private LstmNetworks() {
    }

    static MultiLayerNetwork build(ModelConfig cfg, int width) {
        return build(cfg, width, OUTPUTS);
    }

    static MultiLayerNetwork build(ModelConfig cfg, int width, int outputs) {
        return build(cfg, width, outputs, LstmRoute.BUILTIN);
    }

    /** With the LSTMs of {@code route}: DL4J's {@code LSTM} or a {@link JavaLstm} (same parameters; no dropout). */
    static MultiLayerNetwork build(ModelConfig cfg, int width, int outputs, LstmRoute route) {
        if (outputs != OUTPUTS && outputs != LEGACY_OUTPUTS) {
            throw new IllegalArgumentException("outputs must be 1 or 2, not " + outputs);
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(cfg.learningRate()))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (cfg.l2() > 0) {
            base.l2(cfg.l2());
        }
        if (cfg.gradientClip() > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(cfg.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        int nIn = width;
        for (int i = 0; i < cfg.layers(); i++) {
            LSTM.Builder lstm = new LSTM.Builder()
                    .nIn(nIn)
                    .nOut(cfg.hiddenSize())
                    .activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW);
            if (cfg.dropout() > 0) {
                if (route != LstmRoute.BUILTIN) {
                    throw new IllegalArgumentException("the " + route + " LSTM route has no dropout");
                }
                lstm.dropOut(1.0 - cfg.dropout()); // DL4J takes the retain probability
            }
            Layer layer = route == LstmRoute.JAVA ? new JavaLstm(nIn, cfg.hiddenSize()) : lstm.build();
            list.layer(i == cfg.layers() - 1 ? new LastTimeStep(layer) : layer);
            nIn = cfg.hiddenSize();
        }
        OutputLayer.Builder output = outputs == OUTPUTS ? new OutputLayer.Builder().lossFunction(new MeanVarianceLoss())
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE);
        list.layer(output
                .activation(Activation.IDENTITY)
                .nIn(cfg.hiddenSize())
                .nOut(outputs)
                .build());
        list.setInputType(InputType.recurrent(width, cfg.lookback(), RNNFormat.NCW));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }
}
