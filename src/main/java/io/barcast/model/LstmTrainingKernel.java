package io.barcast.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JavaLstmLayer}'s arithmetic in float on the JDK's Vector API: the products of its passes, and per sample the
 * gate activations (forward) and the gates' gradients (backward) over the {@code n} units, a vector of units at a time.
 * Sigmoid and tanh go through a vector exponential ({@link #expInPlace}; {@code tanh(v) = 1 - 2 / (exp(2v) + 1)}; {@code
 * Math.tanh} is a native call per element in JDK 17). Every operation here rounds the same whether the JIT has compiled
 * it or not (no {@code VectorOperators.EXP}, no lane reductions, whose order is unspecified), so training is
 * reproducible to the bit. DL4J's gate layout: column blocks [block input, forget, output, input gate].
 */
final class LstmTrainingKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(S, -1f);
    private static final float LOG2E = 1.44269504f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** ln 2 as a sum: the high part has few enough bits that {@code k · LN2_HIGH} is exact for |k| ≤ 128. */
    private static final float LN2_HIGH = 0.693145751953125f;
    private static final float LN2_LOW = 1.428606765330187e-6f;

    private LstmTrainingKernel() {
    }

    /**
     * One sample's time step after its pre-activations {@code a[z..z+4n)} are summed: activates them in place (tanh
     * block input; sigmoid forget, output and input gates) and steps the cell, {@code c' = f·c + i·blk},
     * {@code h' = o·tanh(c')}, reading {@code cPrev[r..r+n)} and writing {@code cNext}, {@code tanhC} ({@code tanh(c')})
     * and {@code h} there.
     */
    static void activate(float[] a, int z, int n, float[] cPrev, float[] cNext, float[] tanhC, float[] h, int r) {
        // one activation per loop, so that each loop stays small enough for the JIT to inline every Vector API call
        tanhInPlace(a, z, n);
        sigmoidInPlace(a, z + n, 3 * n);
        int j = 0;
        for (int upper = S.loopBound(n); j < upper; j += L) {
            FloatVector blk = FloatVector.fromArray(S, a, z + j);
            FloatVector f = FloatVector.fromArray(S, a, z + n + j);
            FloatVector i = FloatVector.fromArray(S, a, z + 3 * n + j);
            f.mul(FloatVector.fromArray(S, cPrev, r + j)).add(i.mul(blk)).intoArray(cNext, r + j);
        }
        for (; j < n; j++) {
            cNext[r + j] = a[z + n + j] * cPrev[r + j] + a[z + 3 * n + j] * a[z + j];
        }
        System.arraycopy(cNext, r, tanhC, r, n);
        tanhInPlace(tanhC, r, n);
        j = 0;
        for (int upper = S.loopBound(n); j < upper; j += L) {
            FloatVector.fromArray(S, a, z + 2 * n + j).mul(FloatVector.fromArray(S, tanhC, r + j)).intoArray(h, r + j);
        }
        for (; j < n; j++) {
            h[r + j] = a[z + 2 * n + j] * tanhC[r + j];
        }
    }

    /** {@code v[from..from+len) = tanh(v[from..from+len))}, {@code 1 - 2 / (exp(2v) + 1)}: saturates to exactly -1 and 1. */
    private static void tanhInPlace(float[] v, int from, int len) {
        int upper = S.loopBound(len);
        expInPlace(v, from, from + upper, TWO);
        for (int j = 0; j < upper; j += L) {
            ONE.sub(TWO.div(FloatVector.fromArray(S, v, from + j).add(ONE))).intoArray(v, from + j);
        }
        for (int j = upper; j < len; j++) {
            v[from + j] = tanh(v[from + j]);
        }
    }

    /** {@code v[from..from+len) = sigmoid(v[from..from+len))}, {@code 1 / (1 + exp(-v))}. */
    private static void sigmoidInPlace(float[] v, int from, int len) {
        int upper = S.loopBound(len);
        expInPlace(v, from, from + upper, MINUS_ONE);
        for (int j = 0; j < upper; j += L) {
            ONE.div(FloatVector.fromArray(S, v, from + j).add(ONE)).intoArray(v, from + j);
        }
        for (int j = upper; j < len; j++) {
            v[from + j] = sigmoid(v[from + j]);
        }
    }

    /**
     * One sample's gradients at one time step, from its activations {@code a[z..z+4n)}, {@code cPrev} and {@code tanhC}
     * at {@code r}: with {@code dh} the loss's gradient by this step's output (from later steps and this step's own
     * epsilon) and {@code dc} by its cell state from later steps, writes the pre-activations' gradients to
     * {@code dz[z..z+4n)} and replaces {@code dc} with the gradient by the previous cell state.
     */
    static void gateGradients(float[] a, int z, int n, float[] cPrev, float[] tanhC, float[] dh, float[] dc, int r,
                              float[] dz) {
        int j = 0;
        for (int upper = S.loopBound(n); j < upper; j += L) {
            FloatVector dhj = FloatVector.fromArray(S, dh, r + j);
            FloatVector blk = FloatVector.fromArray(S, a, z + j);
            FloatVector f = FloatVector.fromArray(S, a, z + n + j);
            FloatVector o = FloatVector.fromArray(S, a, z + 2 * n + j);
            FloatVector i = FloatVector.fromArray(S, a, z + 3 * n + j);
            FloatVector th = FloatVector.fromArray(S, tanhC, r + j);
            FloatVector dcj = FloatVector.fromArray(S, dc, r + j).add(dhj.mul(o).mul(th.mul(th).neg().add(1f)));
            dcj.mul(i).mul(blk.mul(blk).neg().add(1f)).intoArray(dz, z + j);
            dcj.mul(FloatVector.fromArray(S, cPrev, r + j)).mul(f).mul(f.neg().add(1f)).intoArray(dz, z + n + j);
            dhj.mul(th).mul(o).mul(o.neg().add(1f)).intoArray(dz, z + 2 * n + j);
            dcj.mul(blk).mul(i).mul(i.neg().add(1f)).intoArray(dz, z + 3 * n + j);
            dcj.mul(f).intoArray(dc, r + j);
        }
        for (; j < n; j++) {
            float dhj = dh[r + j];
            float blk = a[z + j];
            float f = a[z + n + j];
            float o = a[z + 2 * n + j];
            float i = a[z + 3 * n + j];
            float th = tanhC[r + j];
            float dcj = dc[r + j] + dhj * o * (1 - th * th);
            dz[z + j] = dcj * i * (1 - blk * blk);
            dz[z + n + j] = dcj * cPrev[r + j] * f * (1 - f);
            dz[z + 2 * n + j] = dhj * th * o * (1 - o);
            dz[z + 3 * n + j] = dcj * blk * i * (1 - i);
            dc[r + j] = dcj * f;
        }
    }

    /**
     * {@code v[from..to) = e^(scale · v[from..to))}, the length a multiple of the vector's: within ~2 ulp, the exponent
     * clamped to [-87, 88] so that {@code 2^k} stays a normal float (NaN stays NaN). {@code e^x = 2^k · e^r} with
     * {@code k = round(x / ln 2)} (by adding 1.5·2^23, which leaves k in the sum's low bits), {@code r = x − k·ln 2} in
     * two parts, and {@code e^r} by its Taylor series to r^7 (|r| ≤ ln 2 / 2: truncation error below 6e-9). Only min,
     * max, fused multiply-add, multiply, add and bit casts, which round alike compiled or interpreted (unlike
     * {@code VectorOperators.EXP}), so a training run gives the same bits whenever it runs. Arrays in and out, not a
     * vector function: see {@code LstmVectorKernel.expInPlace}.
     */
    static void expInPlace(float[] v, int from, int to, FloatVector scale) {
        for (int j = from; j < to; j += L) {
            FloatVector x = FloatVector.fromArray(S, v, j).mul(scale).max(-87f).min(88f);
            FloatVector t = x.fma(LOG2E, ROUNDER);
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HIGH), x);
            r = k.fma(FloatVector.broadcast(S, -LN2_LOW), r);
            FloatVector p = FloatVector.broadcast(S, 1f / 5040).fma(r, FloatVector.broadcast(S, 1f / 720));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, ONE);
            p = p.fma(r, ONE);
            FloatVector twoToK = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(twoToK).intoArray(v, j);
        }
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    private static float tanh(float v) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * v) + 1.0));
    }

    /**
     * C[m×nn] += A[m×k] · B[k×nn], all row-major with leading dimensions lda, ldb, ldc: blocks of 4 rows × 2 vectors
     * of C in registers over the k loop (one load of B's row chunk feeds four rows); the rest by axpy.
     */
    static void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                     int m, int k, int nn) {
        int lanes = S.length();
        int nv = nn - nn % (2 * lanes);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            for (int j = 0; j < nv; j += 2 * lanes) {
                int c0 = cOff + i * ldc + j;
                int c1 = c0 + ldc;
                int c2 = c1 + ldc;
                int c3 = c2 + ldc;
                FloatVector c00 = FloatVector.fromArray(S, c, c0);
                FloatVector c01 = FloatVector.fromArray(S, c, c0 + lanes);
                FloatVector c10 = FloatVector.fromArray(S, c, c1);
                FloatVector c11 = FloatVector.fromArray(S, c, c1 + lanes);
                FloatVector c20 = FloatVector.fromArray(S, c, c2);
                FloatVector c21 = FloatVector.fromArray(S, c, c2 + lanes);
                FloatVector c30 = FloatVector.fromArray(S, c, c3);
                FloatVector c31 = FloatVector.fromArray(S, c, c3 + lanes);
                for (int p = 0; p < k; p++) {
                    int bo = bOff + p * ldb + j;
                    FloatVector b0 = FloatVector.fromArray(S, b, bo);
                    FloatVector b1 = FloatVector.fromArray(S, b, bo + lanes);
                    FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
                    c00 = b0.fma(v0, c00);
                    c01 = b1.fma(v0, c01);
                    FloatVector v1 = FloatVector.broadcast(S, a[a1 + p]);
                    c10 = b0.fma(v1, c10);
                    c11 = b1.fma(v1, c11);
                    FloatVector v2 = FloatVector.broadcast(S, a[a2 + p]);
                    c20 = b0.fma(v2, c20);
                    c21 = b1.fma(v2, c21);
                    FloatVector v3 = FloatVector.broadcast(S, a[a3 + p]);
                    c30 = b0.fma(v3, c30);
                    c31 = b1.fma(v3, c31);
                }
                c00.intoArray(c, c0);
                c01.intoArray(c, c0 + lanes);
                c10.intoArray(c, c1);
                c11.intoArray(c, c1 + lanes);
                c20.intoArray(c, c2);
                c21.intoArray(c, c2 + lanes);
                c30.intoArray(c, c3);
                c31.intoArray(c, c3 + lanes);
            }
            if (nv < nn) {
                for (int r = i; r < i + 4; r++) {
                    for (int p = 0; p < k; p++) {
                        float av = a[aOff + r * lda + p];
                        int bo = bOff + p * ldb;
                        int co = cOff + r * ldc;
                        for (int j = nv; j < nn; j++) {
                            c[co + j] += av * b[bo + j];
                        }
                    }
                }
            }
        }
        for (; i < m; i++) {
            for (int p = 0; p < k; p++) {
                axpy(a[aOff + i * lda + p], b, bOff + p * ldb, c, cOff + i * ldc, nn);
            }
        }
    }

    /** y[yo..yo+len) += s · x[xo..xo+len). */
    static void axpy(float s, float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        int upper = S.loopBound(len);
        FloatVector sv = FloatVector.broadcast(S, s);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(sv, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            y[yo + i] += s * x[xo + i];
        }
    }
}
