package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TailCalibrationTest {

    @Test
    void shouldUseTheNormalTailBeforeTwentyScores() {
        TailRisk r = TailCalibration.initial().risk(Scores.NONE, 100, 0, 0.01);
        assertThat(r.var975()).isCloseTo(100 * Math.exp(-1.959964 * 0.01), within(1e-4));
        assertThat(r.var99()).isCloseTo(100 * Math.exp(-2.326348 * 0.01), within(1e-4));
        // normal ES at 97.5%: φ(1.96)/0.025 = 2.3378 standard deviations
        assertThat(r.es975()).isCloseTo(100 * Math.exp(-2.337803 * 0.01), within(1e-4));
        assertThat(r.probabilityUp()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldReachTheLeftTailsRateOnASkewedSeriesWhereTheSymmetricQuantileIsWrong() {
        // returns with a left tail twice as heavy as the right: the symmetric |score| quantile alone under-covers it
        Random random = new Random(3);
        Calibration calibration = Calibration.initial(Levels.parse("0.8"));
        TailCalibration tails = TailCalibration.initial();
        IntervalSettings settings = IntervalSettings.defaults();
        int days = 20_000;
        int e975 = 0;
        int e99 = 0;
        int symmetric99 = 0;
        for (int t = 0; t < days; t++) {
            double z = random.nextGaussian();
            double y = 0.01 * (z < 0 ? 2 * z : z);
            TailRisk r = tails.risk(calibration.recent(), 100, 0, 0.01);
            double actual = 100 * Math.exp(y);
            e975 += r.exception(0.975, actual) ? 1 : 0;
            e99 += r.exception(0.99, actual) ? 1 : 0;
            symmetric99 += actual < 100 * Math.exp(-0.01 * TailCalibration.quantile(calibration.recent(), 0.01)) ? 1 : 0;
            tails = tails.outcome(r, actual);
            calibration = calibration.outcome(calibration.intervals(100, 0, 0.01), 100, actual, Math.abs(y) / 0.01, settings);
        }
        assertThat((double) e975 / days).isCloseTo(0.025, within(0.003));
        assertThat((double) e99 / days).isCloseTo(0.01, within(0.002));
        assertThat((double) symmetric99 / days).isGreaterThan(0.015);
        assertThat(tails.level99().aci().alpha()).isLessThan(0.01);
    }

    @Test
    void shouldNeverPutAVarAboveTheLastCloseNorAnEsAboveTheVar() {
        Scores scores = Scores.of(new float[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        TailRisk r = TailCalibration.initial().risk(scores, 50, 0.2, 0.01);
        assertThat(r.var975()).isLessThanOrEqualTo(50);
        assertThat(r.var99()).isLessThanOrEqualTo(r.var975());
        assertThat(r.es975()).isLessThanOrEqualTo(r.var975());
        assertThat(r.probabilityUp()).isEqualTo(1.0);
        TailRisk wild = TailCalibration.initial().risk(Scores.NONE, 50, -30, 1e6);
        assertThat(wild.var99()).isPositive().isFinite();
        assertThat(wild.es975()).isPositive().isFinite();
    }

    @Test
    void shouldUndoAnOutcomeWhenItsBarIsCorrected() {
        TailCalibration t = TailCalibration.initial();
        TailRisk r = t.risk(Scores.NONE, 100, 0, 0.01);
        TailCalibration miss = t.outcome(r, 90);
        assertThat(miss.level99().window().exceptions()).isEqualTo(1);
        TailCalibration corrected = miss.corrected(r, 90, 100);
        assertThat(corrected).isEqualTo(t.outcome(r, 100));
        assertThat(corrected.level99().window().exceptions()).isZero();
    }

    @Test
    void shouldReportTheBaselZoneOfTheRecentExceptions() {
        TailCalibration t = TailCalibration.initial();
        TailRisk r = t.risk(Scores.NONE, 100, 0, 0.01);
        for (int i = 0; i < 5; i++) {
            t = t.outcome(r, 50);
        }
        assertThat(t.zone()).isEqualTo(BaselZone.YELLOW);
        TailOutcome o = t.outcomeOf(r, 50);
        assertThat(o.exception99()).isTrue();
        assertThat(o.backtests()).extracting(VarBacktest::exceptions).containsExactly(5, 5);
    }
}
