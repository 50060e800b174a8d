package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VolatilityBlendTest {

    @Test
    void shouldWeighPresentMembersEquallyUntilEachHasItsOutcomes() {
        MemberVolatilities m = new MemberVolatilities(0.01, 0.02, 0.04, 0.01);
        VolatilityBlend.Blended b = VolatilityBlend.initial().blend(m);
        assertThat(b.weights()).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(b.volatility()).isCloseTo(Math.pow(0.01 * 0.02 * 0.04 * 0.01, 0.25), within(1e-15));
        // a model without a variance output takes no part
        VolatilityBlend.Blended noModel = VolatilityBlend.initial().blend(new MemberVolatilities(Double.NaN, 0.02, 0.04, 0.01));
        assertThat(noModel.weights()[0]).isZero();
        assertThat(noModel.weights()[1]).isCloseTo(1 / 3.0, within(1e-15));
    }

    @Test
    void shouldMoveTheWeightToTheMemberThatTracksTheVolatilityWhateverItsLevel() {
        // the true volatility switches between 0.5% and 3% every 50 days; the "good" member knows it but is biased low
        // by half (the calibration fixes levels), the others are a constant and a noisy copy
        Random rnd = new Random(11);
        VolatilityBlend blend = VolatilityBlend.initial();
        for (int t = 0; t < 600; t++) {
            double sigma = (t / 50) % 2 == 0 ? 0.005 : 0.03;
            MemberVolatilities m = new MemberVolatilities(sigma * 0.5, 0.015, sigma * Math.exp(rnd.nextGaussian()), 0.015 * 1.2);
            blend = blend.outcome(m, sigma * rnd.nextGaussian());
        }
        double[] w = blend.weights(new MemberVolatilities(0.01, 0.015, 0.01, 0.018));
        assertThat(w[0]).isGreaterThan(0.9);
        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(1, within(1e-12));
        for (double x : w) {
            assertThat(x).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldCorrectTheLatestOutcomeAsIfItHadArrivedSo() {
        MemberVolatilities m = new MemberVolatilities(0.01, 0.012, 0.009, 0.011);
        VolatilityBlend before = VolatilityBlend.initial().outcome(m, 0.004).outcome(m, -0.02);
        VolatilityBlend corrected = VolatilityBlend.initial().outcome(m, 0.004).outcome(m, 0.001).corrected(m, 0.001, -0.02);
        for (int k = 0; k < 4; k++) {
            assertThat(corrected.ratioSums()[k]).isCloseTo(before.ratioSums()[k], within(1e-9));
            assertThat(corrected.logSums()[k]).isEqualTo(before.logSums()[k]);
        }
    }

    @Test
    void shouldIgnoreOutcomesWithoutMembersOrAFiniteReturn() {
        VolatilityBlend b = VolatilityBlend.initial();
        assertThat(b.outcome(null, 0.01)).isEqualTo(b);
        assertThat(b.outcome(new MemberVolatilities(0.01, 0.01, 0.01, 0.01), Double.NaN)).isEqualTo(b);
        assertThat(b.blend(MemberVolatilities.NONE).volatility()).isNaN();
    }
}
