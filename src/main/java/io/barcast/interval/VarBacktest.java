package io.barcast.interval;

/**
 * The classical backtests of one VaR level over a sequence of exceptions (a close below the VaR): the count, Kupiec's
 * (1995) proportion-of-failures test, and Christoffersen's (1998) independence and conditional-coverage tests.
 * <ul>
 *   <li>POF: {@code LR = −2 ln[(1−p)^(n−x) p^x] + 2 ln[(1−x/n)^(n−x) (x/n)^x]} ~ χ²(1), {@code p = 1 − level};</li>
 *   <li>independence: from the transitions {@code n_ij} of the sequence (state i on a day, j the next),
 *       {@code LR = −2 ln[(1−π)^(n00+n10) π^(n01+n11)] + 2 ln[(1−π01)^n00 π01^n01 (1−π11)^n10 π11^n11]} ~ χ²(1);</li>
 *   <li>conditional coverage: {@code LR_POF + LR_ind} ~ χ²(2).</li>
 * </ul>
 * {@code 0·ln 0} is taken as 0, so a sequence without exceptions passes independence (p = 1). Every p-value is NaN
 * over no outcome.
 *
 * @param level                  the VaR level (0.99: the close should fall below the VaR on 1% of days)
 * @param count                  outcomes
 * @param exceptions             exceptions among them
 * @param kupiecP                p-value of Kupiec's POF test
 * @param independenceP          p-value of Christoffersen's independence test
 * @param conditionalCoverageP   p-value of Christoffersen's conditional-coverage test
 */
public record VarBacktest(double level, int count, int exceptions, double kupiecP, double independenceP,
                          double conditionalCoverageP) {

    /** The tests of {@code exceptions} (oldest first) against VaR level {@code level}. */
    public static VarBacktest of(double level, boolean[] exceptions) {
        return of(level, Transitions.of(exceptions));
    }

    /** The tests of a sequence of exceptions, given by its counts, against VaR level {@code level}. */
    public static VarBacktest of(double level, Transitions t) {
        if (t.count() == 0) {
            return new VarBacktest(level, 0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double pof = kupiecLr(t.count(), t.exceptions(), 1 - level);
        double ind = independenceLr(t);
        return new VarBacktest(level, t.count(), t.exceptions(), chiSquare1(pof), chiSquare1(ind), chiSquare2(pof + ind));
    }

    /**
     * What the tests read from a sequence of exceptions: its length, its exceptions and its transitions {@code n_ij}
     * (an outcome in state i followed by one in state j; 1 an exception), which a window keeps up to date in
     * {@code O(1)} as an outcome comes in and the oldest goes.
     */
    public record Transitions(int count, int exceptions, int n00, int n01, int n10, int n11) {

        public static final Transitions NONE = new Transitions(0, 0, 0, 0, 0, 0);

        public static Transitions of(boolean[] e) {
            int x = 0;
            int[] n = new int[4]; // n00, n01, n10, n11 at 2·i + j
            for (int i = 0; i < e.length; i++) {
                x += e[i] ? 1 : 0;
                if (i > 0) {
                    n[(e[i - 1] ? 2 : 0) + (e[i] ? 1 : 0)]++;
                }
            }
            return new Transitions(e.length, x, n[0], n[1], n[2], n[3]);
        }

        /** One more outcome {@code e}; {@code previous} is the outcome before it (ignored for the first). */
        public Transitions appended(boolean previous, boolean e) {
            int x = exceptions + (e ? 1 : 0);
            if (count == 0) {
                return new Transitions(1, x, n00, n01, n10, n11);
            }
            return new Transitions(count + 1, x, n00 + (!previous && !e ? 1 : 0), n01 + (!previous && e ? 1 : 0),
                    n10 + (previous && !e ? 1 : 0), n11 + (previous && e ? 1 : 0));
        }

        /** Without the oldest outcome {@code first}; {@code second} is the one after it (ignored when it was alone). */
        public Transitions withoutFirst(boolean first, boolean second) {
            int x = exceptions - (first ? 1 : 0);
            if (count == 1) {
                return new Transitions(0, x, n00, n01, n10, n11);
            }
            return new Transitions(count - 1, x, n00 - (!first && !second ? 1 : 0), n01 - (!first && second ? 1 : 0),
                    n10 - (first && !second ? 1 : 0), n11 - (first && second ? 1 : 0));
        }
    }

    /** The exception rate, NaN over no outcome. */
    public double rate() {
        return count == 0 ? Double.NaN : (double) exceptions / count;
    }

    /** Kupiec's likelihood ratio for {@code x} exceptions in {@code n} outcomes at tail probability {@code p}. */
    public static double kupiecLr(int n, int x, double p) {
        double observed = (double) x / n;
        return Math.max(0, -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - observed) + xlogy(x, observed)));
    }

    /** Christoffersen's likelihood ratio of independence of the exception sequence. */
    public static double independenceLr(boolean[] e) {
        return independenceLr(Transitions.of(e));
    }

    /** Christoffersen's likelihood ratio of independence, from the sequence's transitions. */
    public static double independenceLr(Transitions t) {
        long n00 = t.n00();
        long n01 = t.n01();
        long n10 = t.n10();
        long n11 = t.n11();
        long total = n00 + n01 + n10 + n11;
        if (total == 0) {
            return 0;
        }
        double pi = (double) (n01 + n11) / total;
        double pi01 = n00 + n01 == 0 ? 0 : (double) n01 / (n00 + n01);
        double pi11 = n10 + n11 == 0 ? 0 : (double) n11 / (n10 + n11);
        double restricted = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi);
        double unrestricted = xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11);
        return Math.max(0, -2 * restricted + 2 * unrestricted);
    }

    /** {@code P(χ²(1) > x) = erfc(√(x/2))}. */
    public static double chiSquare1(double x) {
        return x <= 0 ? 1 : Math.min(1, Normal.erfc(Math.sqrt(x / 2)));
    }

    /** {@code P(χ²(2) > x) = e^(−x/2)}. */
    public static double chiSquare2(double x) {
        return x <= 0 ? 1 : Math.exp(-x / 2);
    }

    private static double xlogy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(y);
    }
}
