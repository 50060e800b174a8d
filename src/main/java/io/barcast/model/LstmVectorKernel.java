package io.barcast.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmForward}'s time step on the JDK's Vector API: the gate pre-activations as fused multiply-adds over four
 * independent vectors of the {@code 4n} gate columns at once, the activations through a vector exponential of its own
 * ({@link #expInPlace}). The scalar path's arithmetic in double; only the rounding of the fused multiply-add and of the
 * exponential differs (outputs agree to ~1e-15, {@code LstmForwardTest}). Every operation rounds alike whether the JIT
 * has compiled it or not, so a forecast gives the same bits whenever it runs.
 *
 * <p>Loaded only when the JVM has the {@code jdk.incubator.vector} module; otherwise {@link LstmForward} runs its
 * scalar loops. Needs {@code n} to be a multiple of the vector length ({@link #supports}).
 */
final class LstmVectorKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);
    private static final DoubleVector MINUS_ONE = DoubleVector.broadcast(S, -1.0);
    /*
     * The exponential's constants, as vectors: built once here rather than broadcast in each call, they keep expInPlace's
     * compiled code small enough for the JIT to inline every Vector API operation.
     */
    private static final DoubleVector EXP_MIN = DoubleVector.broadcast(S, -708.0);
    private static final DoubleVector EXP_MAX = DoubleVector.broadcast(S, 709.0);
    private static final DoubleVector LOG2E = DoubleVector.broadcast(S, 1.4426950408889634);
    /** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer, kept in the low mantissa bits. */
    private static final double ROUNDER_VALUE = 6755399441055744.0;
    private static final DoubleVector ROUNDER = DoubleVector.broadcast(S, ROUNDER_VALUE);
    /** Subtracted from the rounded sum's bits, it leaves {@code k + 1023}: the biased exponent of {@code 2^k}. */
    private static final LongVector EXPONENT_BIAS = LongVector.broadcast(LongVector.SPECIES_PREFERRED,
            Double.doubleToRawLongBits(ROUNDER_VALUE) - 1023);
    /** ln 2 as a sum (fdlibm's split), negated: the high part's trailing zeros keep {@code k · high} exact for {@code |k| < 2^11}. */
    private static final DoubleVector MINUS_LN2_HIGH = DoubleVector.broadcast(S, -6.93147180369123816490e-01);
    private static final DoubleVector MINUS_LN2_LOW = DoubleVector.broadcast(S, -1.90821492927058770002e-10);
    /** 1/i!: e^r's Taylor series coefficients ({@code 13! < 2^53}, so each is 1 over an exact integer, rounded once). */
    private static final DoubleVector INV13 = inverse(6227020800.0);
    private static final DoubleVector INV12 = inverse(479001600.0);
    private static final DoubleVector INV11 = inverse(39916800.0);
    private static final DoubleVector INV10 = inverse(3628800.0);
    private static final DoubleVector INV9 = inverse(362880.0);
    private static final DoubleVector INV8 = inverse(40320.0);
    private static final DoubleVector INV7 = inverse(5040.0);
    private static final DoubleVector INV6 = inverse(720.0);
    private static final DoubleVector INV5 = inverse(120.0);
    private static final DoubleVector INV4 = inverse(24.0);
    private static final DoubleVector INV3 = inverse(6.0);
    private static final DoubleVector INV2 = inverse(2.0);

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
     * Eight independent accumulators at a time (four for the last block when {@code 4n} is not a multiple of eight
     * vectors), so that the fused multiply-adds' latency overlaps; each column sums in the same order either way.
     */
    private static void gates(float[] inF, double[] inD, int inFrom, int inStride, double[][] w, double[][] rw,
                              double[] b, double[] z, double[] h, boolean first) {
        int n = h.length;
        int n4 = 4 * n;
        int rows = w.length;
        int j = 0;
        for (; j + 8 * L <= n4; j += 8 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b, j);
            DoubleVector a1 = DoubleVector.fromArray(S, b, j + L);
            DoubleVector a2 = DoubleVector.fromArray(S, b, j + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, b, j + 3 * L);
            DoubleVector a4 = DoubleVector.fromArray(S, b, j + 4 * L);
            DoubleVector a5 = DoubleVector.fromArray(S, b, j + 5 * L);
            DoubleVector a6 = DoubleVector.fromArray(S, b, j + 6 * L);
            DoubleVector a7 = DoubleVector.fromArray(S, b, j + 7 * L);
            for (int k = 0; k < rows; k++) {
                int at = inFrom + k * inStride;
                DoubleVector x = DoubleVector.broadcast(S, inF != null ? inF[at] : inD[at]);
                double[] m = w[k];
                a0 = DoubleVector.fromArray(S, m, j).fma(x, a0);
                a1 = DoubleVector.fromArray(S, m, j + L).fma(x, a1);
                a2 = DoubleVector.fromArray(S, m, j + 2 * L).fma(x, a2);
                a3 = DoubleVector.fromArray(S, m, j + 3 * L).fma(x, a3);
                a4 = DoubleVector.fromArray(S, m, j + 4 * L).fma(x, a4);
                a5 = DoubleVector.fromArray(S, m, j + 5 * L).fma(x, a5);
                a6 = DoubleVector.fromArray(S, m, j + 6 * L).fma(x, a6);
                a7 = DoubleVector.fromArray(S, m, j + 7 * L).fma(x, a7);
            }
            if (!first) {
                for (int k = 0; k < n; k++) {
                    DoubleVector hk = DoubleVector.broadcast(S, h[k]);
                    double[] m = rw[k];
                    a0 = DoubleVector.fromArray(S, m, j).fma(hk, a0);
                    a1 = DoubleVector.fromArray(S, m, j + L).fma(hk, a1);
                    a2 = DoubleVector.fromArray(S, m, j + 2 * L).fma(hk, a2);
                    a3 = DoubleVector.fromArray(S, m, j + 3 * L).fma(hk, a3);
                    a4 = DoubleVector.fromArray(S, m, j + 4 * L).fma(hk, a4);
                    a5 = DoubleVector.fromArray(S, m, j + 5 * L).fma(hk, a5);
                    a6 = DoubleVector.fromArray(S, m, j + 6 * L).fma(hk, a6);
                    a7 = DoubleVector.fromArray(S, m, j + 7 * L).fma(hk, a7);
                }
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + L);
            a2.intoArray(z, j + 2 * L);
            a3.intoArray(z, j + 3 * L);
            a4.intoArray(z, j + 4 * L);
            a5.intoArray(z, j + 5 * L);
            a6.intoArray(z, j + 6 * L);
            a7.intoArray(z, j + 7 * L);
        }
        for (; j < n4; j += 4 * L) { // n4 is a multiple of 4L; of 8L when n is of 2L
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

    /**
     * {@code c = f*c + i*a} and {@code h = o*tanh(c)} from the gate pre-activations {@code z}, activated in place first
     * (tanh of the block input, sigmoid of the three gates).
     */
    private static void activate(double[] z, double[] h, double[] c) {
        int n = h.length;
        tanhInPlace(z, 0, n);
        sigmoidInPlace(z, n, 4 * n);
        for (int j = 0; j < n; j += L) {
            DoubleVector a = DoubleVector.fromArray(S, z, j);
            DoubleVector f = DoubleVector.fromArray(S, z, n + j);
            DoubleVector g = DoubleVector.fromArray(S, z, 3 * n + j);
            f.mul(DoubleVector.fromArray(S, c, j)).add(g.mul(a)).intoArray(c, j);
        }
        System.arraycopy(c, 0, h, 0, n);
        tanhInPlace(h, 0, n);
        for (int j = 0; j < n; j += L) {
            DoubleVector.fromArray(S, z, 2 * n + j).mul(DoubleVector.fromArray(S, h, j)).intoArray(h, j);
        }
    }

    /** {@code v[from..to) = tanh(v[from..to))} as the scalar path, {@code 1 - 2 / (exp(2v) + 1)} (saturates to exactly -1 and 1). */
    private static void tanhInPlace(double[] v, int from, int to) {
        expInPlace(v, from, to, TWO);
        for (int j = from; j < to; j += L) {
            ONE.sub(TWO.div(DoubleVector.fromArray(S, v, j).add(ONE))).intoArray(v, j);
        }
    }

    /** {@code v[from..to) = sigmoid(v[from..to))} as the scalar path, {@code 1 / (1 + exp(-v))}. */
    private static void sigmoidInPlace(double[] v, int from, int to) {
        expInPlace(v, from, to, MINUS_ONE);
        for (int j = from; j < to; j += L) {
            ONE.div(DoubleVector.fromArray(S, v, j).add(ONE)).intoArray(v, j);
        }
    }

    /**
     * {@code v[from..to) = e^(scale · v[from..to))}, the length a multiple of the vector's: within 1 ulp of
     * {@code Math.exp}, the exponent clamped to [-708, 709] so that {@code 2^k} stays a normal double (NaN stays NaN).
     * {@code e^x = 2^k · e^r} with {@code k = round(x / ln 2)} (by adding 1.5·2^52, which leaves k in the sum's low bits),
     * {@code r = x − k·ln 2} in two parts, and {@code e^r} by its Taylor series to r^13 (|r| ≤ ln 2 / 2: truncation error
     * below 1e-17). Only min, max, fused multiply-add, multiply, add and bit casts, which round alike compiled or
     * interpreted; {@code VectorOperators.EXP}'s compiled form and Java fallback may differ in the last bit.
     *
     * <p>Arrays in and out, not a vector function: a method taking or returning vectors that the JIT does not inline
     * boxes every vector it passes, and the Vector API then runs its allocating Java fallback.
     * {@code LstmTrainingKernel.expInPlace} is the same in float.
     */
    static void expInPlace(double[] v, int from, int to, DoubleVector scale) {
        for (int j = from; j < to; j += L) {
            DoubleVector x = DoubleVector.fromArray(S, v, j).mul(scale).max(EXP_MIN).min(EXP_MAX);
            DoubleVector t = x.fma(LOG2E, ROUNDER);
            DoubleVector k = t.sub(ROUNDER);
            DoubleVector r = k.fma(MINUS_LN2_HIGH, x);
            r = k.fma(MINUS_LN2_LOW, r);
            DoubleVector p = INV13.fma(r, INV12);
            p = p.fma(r, INV11);
            p = p.fma(r, INV10);
            p = p.fma(r, INV9);
            p = p.fma(r, INV8);
            p = p.fma(r, INV7);
            p = p.fma(r, INV6);
            p = p.fma(r, INV5);
            p = p.fma(r, INV4);
            p = p.fma(r, INV3);
            p = p.fma(r, INV2);
            p = p.fma(r, ONE);
            p = p.fma(r, ONE);
            DoubleVector twoToK = ((LongVector) t.reinterpretAsLongs()).sub(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(twoToK).intoArray(v, j);
        }
    }

    private static DoubleVector inverse(double factorial) {
        return DoubleVector.broadcast(S, 1 / factorial);
    }
}
