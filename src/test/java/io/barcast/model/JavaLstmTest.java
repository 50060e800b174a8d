package io.barcast.model;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production Java LSTM layer computes what DL4J's built-in LSTM computes, with the same weights: outputs and gradients. */
class JavaLstmTest {

    private static ModelConfig config(int layers, int hidden) {
        Properties p = new Properties();
        p.setProperty("model.hidden.size", Integer.toString(hidden));
        p.setProperty("model.layers", Integer.toString(layers));
        p.setProperty("model.lookback", "7");
        p.setProperty("model.dropout", "0");
        p.setProperty("model.l2", "0");
        p.setProperty("model.gradient.clip", "0");
        return ModelConfig.fromProperties(p);
    }

    private static void compare(int layers, int hidden) {
        LstmRoute route = LstmRoute.JAVA;
        Class<?> layerClass = JavaLstmLayer.class;
        ModelConfig cfg = config(layers, hidden);
        int width = 5;
        MultiLayerNetwork builtin = LstmNetworks.build(cfg, width, LstmNetworks.OUTPUTS, LstmRoute.BUILTIN);
        MultiLayerNetwork op = LstmNetworks.build(cfg, width, LstmNetworks.OUTPUTS, route);
        assertEquals(builtin.numParams(), op.numParams());
        org.deeplearning4j.nn.api.Layer first = op.getLayer(0);
        org.deeplearning4j.nn.api.Layer inner = first instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer w ? w.getUnderlying() : first;
        assertTrue(layerClass.isInstance(inner), () -> "layer 0 is " + inner.getClass());
        Nd4j.getRandom().setSeed(7);
        // random biases too, so that a gate-order mistake in the bias shows
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, builtin.numParams()).subi(0.5);
        builtin.setParams(params.dup());
        op.setParams(params.dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, width, cfg.lookback()).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 2);
        y.getColumn(0).assign(Nd4j.rand(DataType.FLOAT, 6).subi(0.5));

        INDArray outB = builtin.output(x, false);
        INDArray outO = op.output(x, false);
        assertTrue(outB.equalsWithEps(outO, 1e-5), () -> route + " outputs differ:\n" + outB + "\n" + outO);

        builtin.setInput(x);
        builtin.setLabels(y);
        builtin.computeGradientAndScore();
        op.setInput(x);
        op.setLabels(y);
        op.computeGradientAndScore();
        assertEquals(builtin.score(), op.score(), 1e-6);
        Gradient gB = builtin.gradient();
        Gradient gO = op.gradient();
        for (String key : gB.gradientForVariable().keySet()) {
            INDArray a = gB.getGradientFor(key);
            INDArray b = gO.getGradientFor(key);
            assertTrue(a.equalsWithEps(b, 1e-5), () -> route + " gradient " + key + " differs:\n" + a + "\n" + b);
        }
    }

    @Test
    void shouldMatchTheBuiltInLstmWithOneLayer() {
        compare(1, 16);
    }

    @Test
    void shouldMatchTheBuiltInLstmWithTwoLayers() {
        compare(2, 16);
    }

    @Test
    void shouldMatchWithUnitsThatFillNoWholeVector() {
        // 19 and 37 units: the Java kernel's vector loops leave a scalar tail at every vector length
        compare(1, 19);
        compare(2, 37);
    }
}
