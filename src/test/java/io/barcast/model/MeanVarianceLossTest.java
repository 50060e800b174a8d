package io.barcast.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loss's scores and gradients, read from contiguous arrays and from views, with and without a mask. */
class MeanVarianceLossTest {

    private static final float[][] OUT = {{0.5f, -1.0f}, {-0.2f, 0.3f}, {1.5f, 20f}, {0.0f, -30f}};
    private static final float[] Y = {0.1f, -0.7f, 2.0f, 0.01f};

    private final MeanVarianceLoss loss = new MeanVarianceLoss();

    private static INDArray labels() {
        INDArray l = Nd4j.zeros(DataType.FLOAT, Y.length, 2);
        for (int i = 0; i < Y.length; i++) {
            l.putScalar(i, 0, Y[i]);
        }
        return l;
    }

    @Test
    void shouldScoreEachSampleByTheFormulaWithTheLogVarianceClamped() {
        INDArray scores = loss.computeScoreArray(labels(), Nd4j.create(OUT), new ActivationIdentity(), null);
        double sum = 0;
        for (int i = 0; i < Y.length; i++) {
            double s = Math.max(-12, Math.min(12, OUT[i][1]));
            double d = Y[i] - OUT[i][0];
            double expected = 0.5 * d * d + 0.5 * (s + d * d * Math.exp(-s));
            assertEquals(expected, scores.getDouble(i, 0), 1e-4 * Math.max(1, Math.abs(expected)), "sample " + i);
            sum += expected;
        }
        assertEquals(sum / Y.length, loss.computeScore(labels(), Nd4j.create(OUT), new ActivationIdentity(), null, true),
                1e-4 * sum);
    }

    @Test
    void shouldGiveTheMeansErrorAndTheVariancesLikelihoodGradient() {
        INDArray grad = loss.computeGradient(labels(), Nd4j.create(OUT), new ActivationIdentity(), null);
        for (int i = 0; i < Y.length; i++) {
            double s = Math.max(-12, Math.min(12, OUT[i][1]));
            double d = Y[i] - OUT[i][0];
            assertEquals(-d, grad.getDouble(i, 0), 1e-6, "d/dmu of sample " + i);
            assertEquals(0.5 * (1 - d * d * Math.exp(-s)), grad.getDouble(i, 1), 1e-5 * Math.max(1, Math.exp(-s)),
                    "d/ds of sample " + i);
        }
    }

    @Test
    void shouldReadViewsAndFortranOrderAsTheirValues() {
        INDArray out = Nd4j.create(OUT);
        INDArray wide = Nd4j.zeros(DataType.FLOAT, Y.length, 5);
        wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).assign(out);
        INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4));
        INDArray fortran = labels().dup('f');
        INDArray expected = loss.computeGradient(labels(), out, new ActivationIdentity(), null);
        assertEquals(expected, loss.computeGradient(fortran, view, new ActivationIdentity(), null));
        assertEquals(loss.computeScore(labels(), out, new ActivationIdentity(), null, false),
                loss.computeScore(fortran, view, new ActivationIdentity(), null, false), 1e-6);
    }

    @Test
    void shouldWeighSamplesByTheirMask() {
        INDArray mask = Nd4j.create(new float[]{1, 0, 1, 0}, new long[]{4, 1});
        INDArray scores = loss.computeScoreArray(labels(), Nd4j.create(OUT), new ActivationIdentity(), mask);
        INDArray grad = loss.computeGradient(labels(), Nd4j.create(OUT), new ActivationIdentity(), mask);
        assertEquals(0.0, scores.getDouble(1, 0), 0.0);
        assertEquals(0.0, grad.getDouble(3, 1), 0.0);
        assertEquals(-(Y[0] - OUT[0][0]), grad.getDouble(0, 0), 1e-6);
    }
}
