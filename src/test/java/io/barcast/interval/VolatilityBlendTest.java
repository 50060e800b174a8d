package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VolatilityBlendTest {

    @Test
    void shouldWeighPresentMembersEquallyUntilEachHasItsOutcomes() {
        MemberVolatilities m = new MemberVolatilities(0.01, 0.02, 0.04, 0.01, 0.02);
        VolatilityBlend.Blended b = VolatilityBlend.initial().blend(m);
        assertThat(b.weights()).containsExactly(0.2, 0.2, 0.2, 0.2, 0.2);
        assertThat(b.volatility()).isCloseTo(Math.pow(0.01 * 0.02 * 0.04 * 0.01 * 0.02, 0.2), within(1e-15));
        // a model without a variance output takes no part
        VolatilityBlend.Blended noModel = VolatilityBlend.initial().blend(new MemberVolatilities(Double.NaN, 0.02, 0.04, 0.01, 0.02));
        assertThat(noModel.weights()[0]).isZero();
        assertThat(noModel.weights()[1]).isCloseTo(1 / 4.0, within(1e-15));
    }

    @Test
    void shouldMoveTheWeightToTheMemberThatTracksTheVolatilityWhateverItsLevel() {
        // the true volatility switches between 0.5% and 3% every 50 days; the "good" member knows it but is biased low
        // by half (the calibration fixes levels), the others are a constant and a noisy copy
        Random rnd = new Random(11);
        VolatilityBlend blend = VolatilityBlend.initial();
        for (int t = 0; t < 600; t++) {
            double sigma = (t / 50) % 2 == 0 ? 0.005 : 0.03;
            MemberVolatilities m = new MemberVolatilities(sigma * 0.5, 0.015, sigma * Math.exp(rnd.nextGaussian()), 0.015 * 1.2, 0.02);
            blend = blend.outcome(m, sigma * rnd.nextGaussian());
        }
        double[] w = blend.weights(new MemberVolatilities(0.01, 0.015, 0.01, 0.018, 0.02));
        assertThat(w[0]).isGreaterThan(0.9);
        assertThat(w[0] + w[1] + w[2] + w[3] + w[4]).isCloseTo(1, within(1e-12));
        for (double x : w) {
            assertThat(x).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldCorrectTheLatestOutcomeAsIfItHadArrivedSo() {
        MemberVolatilities m = new MemberVolatilities(0.01, 0.012, 0.009, 0.011, 0.013);
        VolatilityBlend before = VolatilityBlend.initial().outcome(m, 0.004).outcome(m, -0.02);
        VolatilityBlend corrected = VolatilityBlend.initial().outcome(m, 0.004).outcome(m, 0.001).corrected(m, 0.001, -0.02);
        for (int k = 0; k < VolatilityMember.ALL.length; k++) {
            assertThat(corrected.ratioSums()[k]).isCloseTo(before.ratioSums()[k], within(1e-9));
            assertThat(corrected.logSums()[k]).isEqualTo(before.logSums()[k]);
        }
    }

    @Test
    void shouldIgnoreOutcomesWithoutMembersOrAFiniteReturn() {
        VolatilityBlend b = VolatilityBlend.initial();
        assertThat(b.outcome(null, 0.01)).isEqualTo(b);
        assertThat(b.outcome(new MemberVolatilities(0.01, 0.01, 0.01, 0.01, 0.01), Double.NaN)).isEqualTo(b);
        assertThat(b.blend(MemberVolatilities.NONE).volatility()).isNaN();
    }

    @Test
    void shouldLeaveAMemberAddedToALearnedBlendOutUntilItHasItsOutcomes() {
        // a blend learned on four members (the state of a release before the downside one): its fifth sums are zero
        Random rnd = new Random(5);
        VolatilityBlend blend = VolatilityBlend.initial();
        for (int t = 0; t < 300; t++) {
            double sigma = (t / 50) % 2 == 0 ? 0.005 : 0.03; // the model's member tracks it, the others do not
            blend = blend.outcome(new MemberVolatilities(sigma, 0.012, 0.009, 0.011, Double.NaN), sigma * rnd.nextGaussian());
        }
        MemberVolatilities four = new MemberVolatilities(0.010, 0.012, 0.009, 0.011, Double.NaN);
        MemberVolatilities five = new MemberVolatilities(0.010, 0.012, 0.009, 0.011, 0.013);
        double[] learned = blend.weights(four);
        double[] w = blend.weights(five);
        // the newcomer sits out and the others keep the weights they had learned
        assertThat(w[VolatilityMember.RANGE_DOWN.ordinal()]).isZero();
        for (int k = 0; k < 4; k++) {
            assertThat(w[k]).isCloseTo(learned[k], within(1e-15));
        }
        assertThat(learned[0]).isGreaterThan(0.9);
        for (int t = 0; t < 10; t++) {
            blend = blend.outcome(five, 0.01 * rnd.nextGaussian());
        }
        // ten outcomes of its own are not yet enough: it would flatten the others' weights
        assertThat(blend.weights(five)[VolatilityMember.RANGE_DOWN.ordinal()]).isZero();
        assertThat(blend.weights(five)[0]).isGreaterThan(0.9);
        for (int t = 0; t < 70; t++) {
            blend = blend.outcome(five, 0.01 * rnd.nextGaussian());
        }
        // with its own outcomes it takes part
        assertThat(blend.counts()[VolatilityMember.RANGE_DOWN.ordinal()]).isGreaterThan(VolatilityBlend.MIN_OUTCOMES);
        assertThat(blend.weights(five)[VolatilityMember.RANGE_DOWN.ordinal()]).isPositive();
    }

    @Test
    void shouldGiveEachMemberInItsPlace() {
        double[] v = {0.01, 0.02, 0.03, 0.04, 0.05};
        MemberVolatilities m = new MemberVolatilities(v[0], v[1], v[2], v[3], v[4]);
        for (VolatilityMember k : VolatilityMember.ALL) {
            assertThat(m.get(k)).as(k.key()).isEqualTo(m.values()[k.ordinal()]).isEqualTo(v[k.ordinal()]);
        }
        assertThat(MemberVolatilities.of(m.values())).isEqualTo(m);
    }
}
