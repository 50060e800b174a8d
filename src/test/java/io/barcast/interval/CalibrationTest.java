package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    private static final IntervalSettings SETTINGS = new IntervalSettings(Levels.parse("0.8,0.95"), 0.005, 250);

    @Test
    void shouldTakeTheFiniteSampleConformalQuantileOfTheScores() {
        double[] scores = new double[99];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i + 1) / 100.0; // 0.01 .. 0.99, shuffled order does not matter
        }
        Calibration c = Calibration.initial(SETTINGS.levels()).promoted(scores, 250);
        List<Interval> intervals = c.intervals(100, 0, 0.1);
        // n = 99: the ceil(100 * 0.8) = 80th smallest score is 0.80; the 95th is 0.95
        assertThat(intervals.get(0).upper()).isCloseTo(100 * Math.exp(0.80 * 0.1), within(1e-4));
        assertThat(intervals.get(0).lower()).isCloseTo(100 * Math.exp(-0.80 * 0.1), within(1e-4));
        assertThat(intervals.get(1).upper()).isCloseTo(100 * Math.exp(0.95 * 0.1), within(1e-4));
    }

    @Test
    void shouldReplaceOnlyTheLatestOutcomesScoresWithANewModelsValidationScores() {
        // 250 live scores 1..250, then a promotion with 100 validation scores (all 1000): the 150 oldest live scores stay
        Calibration c = Calibration.initial(SETTINGS.levels());
        for (int i = 1; i <= 250; i++) {
            c = c.outcome(java.util.List.of(), 100, 100, i, SETTINGS);
        }
        double[] validation = new double[100];
        java.util.Arrays.fill(validation, 1000);
        float[] after = c.promoted(validation, 250).scores();
        assertThat(after).hasSize(250);
        assertThat(after[0]).isEqualTo(1f);
        assertThat(after[149]).isEqualTo(150f);
        assertThat(after[150]).isEqualTo(1000f);
        assertThat(after[249]).isEqualTo(1000f);
        // fewer live scores than validation ones: the validation ones alone, capped to the capacity
        assertThat(Calibration.initial(SETTINGS.levels()).promoted(new double[300], 250).scores()).hasSize(250);
    }

    @Test
    void shouldUseTheNormalQuantileUntilThereAreEnoughScores() {
        Calibration c = Calibration.initial(SETTINGS.levels());
        List<Interval> intervals = c.intervals(100, 0.01, 0.02);
        assertThat(intervals.get(1).upper()).isCloseTo(100 * Math.exp(0.01 + 1.959964 * 0.02), within(1e-4));
        assertThat(intervals.get(1).lower()).isCloseTo(100 * Math.exp(0.01 - 1.959964 * 0.02), within(1e-4));
    }

    @Test
    void shouldReachItsLevelsOnOutcomesWhenTheVolatilityIsMisstated() {
        // The model says sigma 0.01; the truth switches between 0.006 and 0.03 (clustered)
        Random random = new Random(7);
        Calibration c = Calibration.initial(SETTINGS.levels()).promoted(normals(random, 100), 250);
        int[] inside = new int[2];
        int n = 6000;
        for (int t = 0; t < n; t++) {
            double trueSigma = (t / 500) % 2 == 0 ? 0.006 : 0.03;
            List<Interval> served = c.intervals(100, 0, 0.01);
            double y = trueSigma * random.nextGaussian();
            double actual = 100 * Math.exp(y);
            for (int k = 0; k < 2; k++) {
                inside[k] += served.get(k).contains(actual) ? 1 : 0;
            }
            c = c.outcome(served, 100, actual, Math.abs(y) / 0.01, SETTINGS);
        }
        assertThat(inside[0] / (double) n).isCloseTo(0.80, within(0.02));
        assertThat(inside[1] / (double) n).isCloseTo(0.95, within(0.02));
        assertThat(c.level(0.8).coverage().count()).isEqualTo(IntervalSettings.COVERAGE_WINDOW);
        assertThat(c.scores()).hasSize(250);
    }

    @Test
    void shouldRedoTheLastOutcomeWhenItsBarIsCorrected() {
        Calibration c = Calibration.initial(SETTINGS.levels()).promoted(normals(new Random(1), 50), 250);
        List<Interval> served = c.intervals(100, 0, 0.01);
        Calibration missed = c.outcome(served, 100, 110, Math.log(1.1) / 0.01, SETTINGS);
        Calibration hit = c.outcome(served, 100, 100.1, Math.log(1.001) / 0.01, SETTINGS);

        Calibration corrected = missed.corrected(served, 100, 110, 100.1, Math.log(1.001) / 0.01, SETTINGS);

        for (double level : new double[]{0.8, 0.95}) {
            assertThat(corrected.level(level).aci().alpha()).isCloseTo(hit.level(level).aci().alpha(), within(1e-12));
            assertThat(corrected.level(level).coverage().coverage()).isEqualTo(hit.level(level).coverage().coverage());
        }
        assertThat(corrected.scores()).containsExactly(hit.scores());
    }

    @Test
    void shouldKeepTheStateOfLevelsThatStayAndStartNewOnes() {
        Calibration c = Calibration.initial(SETTINGS.levels());
        List<Interval> served = c.intervals(100, 0, 0.01);
        c = c.outcome(served, 100, 120, 18, SETTINGS);
        Calibration changed = c.forLevels(Levels.parse("0.5,0.8"));
        assertThat(changed.levels()).extracting(Calibration.LevelState::level).containsExactly(0.5, 0.8);
        assertThat(changed.level(0.8)).isEqualTo(c.level(0.8));
        assertThat(changed.level(0.5).coverage().count()).isZero();
        assertThat(c.forLevels(SETTINGS.levels())).isSameAs(c);
    }

    @Test
    void shouldNeverBuildANaNOrInvertedIntervalWhateverItsState() {
        Random random = new Random(5);
        Calibration c = Calibration.initial(Levels.parse("0.01,0.5,0.999")).promoted(new double[]{Double.NaN, -1, 1e300}, 250);
        IntervalSettings aggressive = new IntervalSettings(Levels.parse("0.01,0.5,0.999"), 0.1, 20);
        for (int t = 0; t < 2000; t++) {
            double sigma = t % 7 == 0 ? 1e-6 : Math.abs(random.nextGaussian()) * 0.05 + 1e-6;
            List<Interval> served = c.intervals(50, random.nextGaussian() * 0.01, sigma);
            for (Interval i : served) {
                assertThat(i.lower()).isFinite().isPositive().isLessThanOrEqualTo(i.upper());
                assertThat(i.upper()).isFinite();
            }
            double actual = 50 * Math.exp(random.nextGaussian() * (t % 100 < 50 ? 0.3 : 0.001));
            c = c.outcome(served, 50, actual, Math.abs(Math.log(actual / 50)) / sigma, aggressive);
        }
    }

    private static double[] normals(Random random, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.abs(random.nextGaussian());
        }
        return s;
    }
}
