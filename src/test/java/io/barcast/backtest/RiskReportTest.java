package io.barcast.backtest;

import io.barcast.interval.BaselZone;
import io.barcast.interval.Normal;
import io.barcast.interval.TailRisk;
import io.barcast.testing.GarchSeries;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RiskReportTest {

    private static final GarchSeries GARCH = GarchSeries.simulate("G", 3000, 7);

    @Test
    void shouldFitAGarchByMaximumLikelihoodNearTheParametersThatMadeTheSeries() {
        double[] r = new double[2999];
        for (int i = 1; i < 3000; i++) {
            r[i - 1] = Math.log(GARCH.bars().get(i).close() / GARCH.bars().get(i - 1).close());
        }
        GarchT g = GarchT.fit(r);
        assertThat(g.alpha()).isCloseTo(0.09, within(0.03));
        assertThat(g.beta()).isCloseTo(0.90, within(0.04));
        assertThat(g.alpha() + g.beta()).isLessThan(1);
        assertThat(g.nu()).as("normal innovations: many degrees of freedom").isGreaterThan(10);
        assertThat(GarchT.logLikelihood(g, r, GarchT.sampleVariance(r)))
                .isGreaterThan(GarchT.logLikelihood(new GarchT(g.omega(), 0.03, 0.96, g.nu()), r, GarchT.sampleVariance(r)));
        // the unit-variance Student-t: quantile and ES of a normal-like tail
        GarchT t = new GarchT(1e-6, 0.05, 0.9, 1000);
        assertThat(t.quantile(0.01)).isCloseTo(Normal.quantile(0.01), within(0.01));
        assertThat(t.shortfall(0.025)).isCloseTo(Normal.density(Normal.quantile(0.025)) / 0.025, within(0.01));
    }

    @Test
    void shouldPassTheOracleVarAndKeepTheAciBaselinesNearTheirRatesUnderVolatilityClustering() {
        RiskReport report = RiskReport.of(oracle(250), GARCH.bars(), 500, 20);

        assertThat(report.days()).hasSize(3000 - 1 - 250);
        RiskSummary oracle = report.summary(RiskMethod.BARCAST);
        // the oracle knows the true volatility: its rates are the levels' up to sampling (this seed draws few 2.5% tails)
        assertThat(oracle.var975().rate()).isCloseTo(0.025, within(0.01));
        assertThat(oracle.var99().rate()).isCloseTo(0.01, within(0.004));
        assertThat(oracle.var975().independenceP()).isGreaterThan(0.05);
        assertThat(oracle.var99().conditionalCoverageP()).isGreaterThan(0.05);
        assertThat(oracle.esPasses()).isTrue();
        for (RiskMethod m : List.of(RiskMethod.EWMA_ACI, RiskMethod.GARCH_T_ACI)) {
            assertThat(report.summary(m).var975().rate()).as(m.label()).isCloseTo(0.025, within(0.006));
            assertThat(report.summary(m).var99().rate()).as(m.label()).isCloseTo(0.01, within(0.004));
        }
        assertThat(report.garchFits()).isEqualTo((3000 - 1 - 250 + 19) / 20);
        // historical simulation's fixed quantiles cluster their exceptions in the turbulent spells
        assertThat(report.summary(RiskMethod.HISTORICAL_SIMULATION).var99().independenceP())
                .isLessThan(report.summary(RiskMethod.GARCH_T_ACI).var99().independenceP());
        assertThat(report.summary(RiskMethod.BARCAST).zone()).isIn(BaselZone.values());
    }

    @Test
    void shouldNotChangeADaysBaselinesWhenLaterBarsChange() {
        List<BacktestPrediction> predictions = oracle(2500);
        RiskReport full = RiskReport.of(predictions.subList(0, 100), GARCH.bars(), 500, 20);
        RiskReport cut = RiskReport.of(predictions.subList(0, 100), GARCH.bars().subList(0, 2601), 500, 20);
        assertThat(cut.days()).isEqualTo(full.days());
    }

    /** The oracle predictions with the oracle's normal VaR and ES. */
    private static List<BacktestPrediction> oracle(int first) {
        List<BacktestPrediction> out = new ArrayList<>();
        List<BacktestPrediction> oracle = GARCH.oraclePredictions(first, 0.8);
        for (int i = 0; i < oracle.size(); i++) {
            BacktestPrediction p = oracle.get(i);
            double s = GARCH.sigma()[first + i]; // the prediction made at bar first + i
            double c = p.lastClose();
            TailRisk risk = new TailRisk(c * Math.exp(-1.959964 * s), c * Math.exp(-2.326348 * s),
                    c * Math.exp(-s * Normal.density(1.959964) / 0.025), 0.5);
            out.add(new BacktestPrediction(p.asOf(), p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(),
                    p.modelVersion(), p.trainedThrough(), p.modelPredictedClose(), p.weight(), p.intervals(), true, List.of(), risk));
        }
        return out;
    }
}
