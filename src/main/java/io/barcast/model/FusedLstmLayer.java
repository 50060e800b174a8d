package io.barcast.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * One LSTM layer as libnd4j's fused {@code lstmLayer} op (forward and {@code lstmLayer_bp} backward, one op each
 * for the whole sequence) inside a MultiLayerNetwork, as a {@link SameDiffLayer}. Input NCW
 * {@code [batch, nIn, time]}; output the last time step's hidden state {@code [batch, nOut]} (feed-forward), or
 * with {@code lastOnly == false} the whole sequence, NCW. Sigmoid gates, tanh cell and output, no peepholes.
 * Parameters: {@code Wx [nIn, 4·nOut]}, {@code Wr [nOut, 4·nOut]}, {@code b [4·nOut]}, gate blocks in the op's
 * order [input, forget, cell, output] (DL4J's {@code LSTM} uses [cell, forget, output, input]); initialised as
 * DL4J's {@code LSTM} does (Xavier, fan-in nOut and fan-out nIn + nOut; forget-gate bias 1, other biases 0).
 */
public final class FusedLstmLayer extends SameDiffLayer {

    static final String WX = "Wx";
    static final String WR = "Wr";
    static final String B = "b";

    private long nIn;
    private long nOut;
    private boolean lastOnly = true;

    /** For JSON. */
    private FusedLstmLayer() {
    }

    public FusedLstmLayer(long nIn, long nOut, boolean lastOnly) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.lastOnly = lastOnly;
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    public boolean isLastOnly() {
        return lastOnly;
    }

    public void setLastOnly(boolean lastOnly) {
        this.lastOnly = lastOnly;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        LSTMLayerConfig config = LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NST)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(!lastOnly)
                .retLastH(lastOnly)
                .retLastC(false)
                .build();
        LSTMLayerWeights weights = LSTMLayerWeights.builder()
                .weights(params.get(WX))
                .rWeights(params.get(WR))
                .bias(params.get(B))
                .build();
        SDVariable[] out = sd.rnn().lstmLayer(input, weights, config);
        return out[0];
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WX, nIn, 4 * nOut);
        params.addWeightParam(WR, nOut, 4 * nOut);
        params.addBiasParam(B, 4 * nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        double fanIn = nOut;
        double fanOut = nIn + nOut;
        initWeights((int) fanIn, (int) fanOut, WeightInit.XAVIER, params.get(WX));
        initWeights((int) fanIn, (int) fanOut, WeightInit.XAVIER, params.get(WR));
        INDArray b = params.get(B);
        b.assign(0);
        b.get(NDArrayIndex.interval(nOut, 2 * nOut)).assign(1.0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (lastOnly) {
            return InputType.feedForward(nOut);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
        return InputType.recurrent(nOut, r.getTimeSeriesLength());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public char paramReshapeOrder(String param) {
        return 'c';
    }
}
