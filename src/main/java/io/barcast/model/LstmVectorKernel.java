package io.barcast.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmForward}'s time step with the JDK's Vector API ({@code jdk.incubator.vector}): the
 * gate pre-activations as fused multiply-adds over four independent vectors of the {@code 4n}
 * gate columns at once, and the activations through a vector exponential of its own ({@link #exp}).
 * Same arithmetic as the scalar path in double precision; only the rounding of the fused multiply-add
 * and of the exponential differs (outputs agree to ~1e-15, {@code LstmForwardTest}). Every operation
 * rounds alike whether the JIT has compiled it or not, so a forecast gives the same bits whenever it runs.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}); otherwise {@link LstmForward} runs its scalar loops.
 * Needs {@code n} to be a multiple of the vector length ({@link #supports}).
 */
final class LstmVectorKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);
    private static final double LOG2E = 1.4426950408889634;
    /** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer, kept in the low mantissa bits. */
    private static final double ROUNDER = 6755399441055744.0;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    /** ln 2 as a sum (fdlibm's split): the high part's trailing zeros keep {@code k · LN2_HIGH} exact for |k| < 2^11. */
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;

    private LstmVectorKernel() {
    }

    /** Whether a layer of {@code n} units fits this kernel (its {@code 4n} gate columns in blocks of four vectors). */
    static boolean supports(int n) {
        return n % L == 0;
    }

    /**
     * One time step of one layer: {@code z = b + in W + h RW} (the recurrent part skipped when
     * {@code first}), then {@code c = f*c + i*a} and {@code h = o*tanh(c)}. The input row is
     * {@code in[inFrom + k * inStride]} for {@code k < w.length} (floats of the model input or doubles
     * of the layer below, whichever is non-null).
     */
    static void step(float[] inF, double[] inD, int inFrom, int inStride, double[][] w, double[][] rw, double[] b,
                     double[] z, double[] h, double[] c, boolean first) {
        gates(inF, inD, inFrom, inStride, w, rw, b, z, h, first);
        activate(z, h, c);
    }

    /**
     * {@code z = b + in W + h RW}. Kept apart from {@link #activate} so that each stays small enough for
     * the JIT to inline every Vector API call (an operation not inlined falls back to a slow Java loop).
     */
    private static void gates(float[] inF, double[] inD, int inFrom, int inStride, double[][] w, double[][] rw,
                              double[] b, double[] z, double[] h, boolean first) {
        int n = h.length;
        int n4 = 4 * n;
        int rows = w.length;
        for (int j = 0; j < n4; j += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b, j);
            DoubleVector a1 = DoubleVector.fromArray(S, b, j + L);
            DoubleVector a2 = DoubleVector.fromArray(S, b, j + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, b, j + 3 * L);
            for (int k = 0; k < rows; k++) {
                int at = inFrom + k * inStride;
                DoubleVector x = DoubleVector.broadcast(S, inF != null ? inF[at] : inD[at]);
                double[] m = w[k];
                a0 = DoubleVector.fromArray(S, m, j).fma(x, a0);
                a1 = DoubleVector.fromArray(S, m, j + L).fma(x, a1);
                a2 = DoubleVector.fromArray(S, m, j + 2 * L).fma(x, a2);
                a3 = DoubleVector.fromArray(S, m, j + 3 * L).fma(x, a3);
            }
            if (!first) {
                for (int k = 0; k < n; k++) {
                    DoubleVector hk = DoubleVector.broadcast(S, h[k]);
                    double[] m = rw[k];
                    a0 = DoubleVector.fromArray(S, m, j).fma(hk, a0);
                    a1 = DoubleVector.fromArray(S, m, j + L).fma(hk, a1);
                    a2 = DoubleVector.fromArray(S, m, j + 2 * L).fma(hk, a2);
                    a3 = DoubleVector.fromArray(S, m, j + 3 * L).fma(hk, a3);
                }
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + L);
            a2.intoArray(z, j + 2 * L);
            a3.intoArray(z, j + 3 * L);
        }
    }

    /** {@code c = f*c + i*a} and {@code h = o*tanh(c)} from the gate pre-activations {@code z}. */
    private static void activate(double[] z, double[] h, double[] c) {
        int n = h.length;
        for (int j = 0; j < n; j += L) {
            DoubleVector a = tanh(DoubleVector.fromArray(S, z, j));
            DoubleVector f = sigmoid(DoubleVector.fromArray(S, z, n + j));
            DoubleVector o = sigmoid(DoubleVector.fromArray(S, z, 2 * n + j));
            DoubleVector g = sigmoid(DoubleVector.fromArray(S, z, 3 * n + j));
            DoubleVector cj = f.mul(DoubleVector.fromArray(S, c, j)).add(g.mul(a));
            cj.intoArray(c, j);
            o.mul(tanh(cj)).intoArray(h, j);
        }
    }

    /** {@code 1 / (1 + exp(-v))}, as the scalar path. */
    private static DoubleVector sigmoid(DoubleVector v) {
        return ONE.div(exp(v.neg()).add(1.0));
    }

    /** {@code 1 - 2 / (exp(2v) + 1)}, as the scalar path: saturates to exactly -1 and 1. */
    private static DoubleVector tanh(DoubleVector v) {
        return ONE.sub(TWO.div(exp(v.mul(2.0)).add(1.0)));
    }

    /**
     * {@code e^v} within 1 ulp of {@code Math.exp}, for v clamped to [-708, 709] (so {@code 2^k} stays a normal
     * double; NaN stays NaN). Built from operations the Vector API rounds exactly alike whether the JIT has compiled
     * them or not (min, max, fused multiply-add, multiply, add, bit casts), unlike {@code VectorOperators.EXP}, whose
     * compiled form (the JDK's vector math library) and Java fallback may differ in the last bit. {@code e^v = 2^k · e^r} with
     * {@code k = round(v / ln 2)} (rounded by adding 1.5·2^52, which also leaves k in the sum's low bits),
     * {@code r = v − k·ln 2} in two parts, and e^r by its Taylor series to r^13 (|r| ≤ ln 2 / 2: truncation error
     * below 1e-17). {@code LstmTrainingKernel.exp} is the same in float.
     */
    static DoubleVector exp(DoubleVector v) {
        DoubleVector x = v.max(-708.0).min(709.0);
        DoubleVector t = x.fma(LOG2E, ROUNDER);
        DoubleVector k = t.sub(ROUNDER);
        DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HIGH), x);
        r = k.fma(DoubleVector.broadcast(S, -LN2_LOW), r);
        DoubleVector p = DoubleVector.broadcast(S, 1.0 / 6227020800.0).fma(r, DoubleVector.broadcast(S, 1.0 / 479001600.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 39916800.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 3628800.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 362880.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 40320.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 5040.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 720.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 120.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 24.0));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 6.0));
        p = p.fma(r, DoubleVector.broadcast(S, 0.5));
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        DoubleVector scale = ((LongVector) t.reinterpretAsLongs()).sub(ROUNDER_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale);
    }
}
