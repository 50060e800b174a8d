package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalSettings;
import io.barcast.interval.Levels;
import io.barcast.testing.GarchSeries;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.barcast.backtest.IntervalMethod.BARCAST;
import static io.barcast.backtest.IntervalMethod.EWMA_ACI;
import static io.barcast.backtest.IntervalMethod.GARCH_T_ACI;
import static io.barcast.backtest.IntervalMethod.HISTORICAL_SIMULATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IntervalReportTest {

    private static final IntervalSettings DEFAULTS = IntervalSettings.defaults();
    /** 3000 days of GARCH(1,1) returns; Barcast's intervals there are the oracle's (true σ). */
    private static final GarchSeries GARCH = GarchSeries.simulate("G", 3000, 7);

    @Test
    void shouldScoreAnIntervalAsWidthPlusTwoOverAlphaTimesTheMissRelativeToTheLastClose() {
        LocalDate d = LocalDate.of(2024, 3, 1);
        // Day 1: close 103 above [98, 102] at 80 %: score 4 + (2 / 0.2)·1 = 14 on a last close of 100 -> 0.14.
        // Day 2: close 50 inside [49, 51]: score = width = 2 on a last close of 50 -> 0.04.
        IntervalDay miss = new IntervalDay(d, d.plusDays(1), 100, 103, 0.01, new Interval(0.8, 98, 102),
                new Interval(0.8, 90, 110), new Interval(0.8, 101, 104), new Interval(0.8, 96, 100));
        IntervalDay hit = new IntervalDay(d.plusDays(1), d.plusDays(2), 50, 50, 0.02, new Interval(0.8, 49, 51),
                new Interval(0.8, 45, 55), new Interval(0.8, 50.5, 52), new Interval(0.8, 48, 50));

        IntervalLevelReport report = IntervalLevelReport.of(0.8, List.of(miss, hit));

        IntervalSummary barcast = report.summary(BARCAST);
        assertThat(barcast.days()).isEqualTo(2);
        assertThat(barcast.coverage()).isEqualTo(0.5);
        assertThat(barcast.meanRelativeWidth()).isCloseTo((0.04 + 0.04) / 2, within(1e-12));
        assertThat(barcast.meanRelativeScore()).isCloseTo((0.14 + 0.04) / 2, within(1e-12));
        // Hist. sim.: widths 20/100 and 10/50, both inside -> score = width.
        IntervalSummary hist = report.summary(HISTORICAL_SIMULATION);
        assertThat(hist.coverage()).isEqualTo(1.0);
        assertThat(hist.meanRelativeScore()).isCloseTo(0.2, within(1e-12));
        // EWMA: [101, 104] holds 103 (score 3 -> 0.03); [50.5, 52] misses 50 below by 0.5: 1.5 + 10·0.5 = 6.5 -> 0.13.
        IntervalSummary ewma = report.summary(EWMA_ACI);
        assertThat(ewma.coverage()).isEqualTo(0.5);
        assertThat(ewma.meanRelativeScore()).isCloseTo((0.03 + 0.13) / 2, within(1e-12));
        assertThat(report.scoreRatio(HISTORICAL_SIMULATION)).isCloseTo(0.09 / 0.2, within(1e-12));
        assertThat(report.scoreRatio(EWMA_ACI)).isCloseTo(0.09 / 0.08, within(1e-12));
        // GARCH: [96, 100] misses 103 above by 3: 4 + 10·3 = 34 -> 0.34; [48, 50] holds 50 (its upper bound): 2 -> 0.04.
        IntervalSummary garch = report.summary(GARCH_T_ACI);
        assertThat(garch.coverage()).isEqualTo(0.5);
        assertThat(garch.meanRelativeScore()).isCloseTo((0.34 + 0.04) / 2, within(1e-12));
        // Split at the median volatility 0.015: day 1 calm (missed by Barcast), day 2 turbulent (covered).
        assertThat(report.medianRealisedVolatility()).isCloseTo(0.015, within(1e-15));
        assertThat(report.calmDays()).isEqualTo(1);
        assertThat(barcast.coverageCalm()).isEqualTo(0.0);
        assertThat(barcast.coverageTurbulent()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepEwmaWithAciCoverageWithinTwoPointsOfEachLevelUnderVolatilityClustering() {
        IntervalReport report = IntervalReport.of(GARCH.oraclePredictions(250, 0.8, 0.95), GARCH.bars(), DEFAULTS);

        assertThat(report.levels()).extracting(IntervalLevelReport::level).containsExactly(0.8, 0.95);
        for (IntervalLevelReport level : report.levels()) {
            assertThat(level.days()).hasSize(3000 - 1 - 250);
            assertThat(level.summary(EWMA_ACI).coverage()).as("level %s", level.level()).isCloseTo(level.level(), within(0.02));
        }
    }

    @Test
    void shouldShowAFixedWidthIntervalOverCoveringCalmDaysAndUnderCoveringTurbulentOnes() {
        IntervalReport report = IntervalReport.of(GARCH.oraclePredictions(250, 0.8, 0.95), GARCH.bars(), DEFAULTS);

        for (IntervalLevelReport level : report.levels()) {
            double nominal = level.level();
            IntervalSummary hist = level.summary(HISTORICAL_SIMULATION);
            IntervalSummary oracle = level.summary(BARCAST);
            assertThat(level.calmDays()).isEqualTo(level.turbulentDays() + level.days().size() % 2);
            assertThat(hist.coverageCalm()).as("hist. sim. calm at %s", nominal).isGreaterThan(nominal + 0.01);
            assertThat(hist.coverageTurbulent()).as("hist. sim. turbulent at %s", nominal).isLessThan(nominal - 0.02);
            // The split itself favours neither half: intervals of the true volatility cover both about equally.
            assertThat(oracle.coverageCalm()).isCloseTo(nominal, within(0.03));
            assertThat(oracle.coverageTurbulent()).isCloseTo(nominal, within(0.03));
            assertThat(hist.coverageCalm() - hist.coverageTurbulent())
                    .isGreaterThan(2 * Math.abs(oracle.coverageCalm() - oracle.coverageTurbulent()));
            // ... and they score better than the fixed-width ones.
            assertThat(level.scoreRatio(HISTORICAL_SIMULATION)).isLessThan(1);
        }
    }

    @Test
    void shouldAdaptTheEwmaLevelOnlineFromTheFirstDay() {
        List<BacktestPrediction> predictions = GARCH.oraclePredictions(250, 0.95);
        IntervalSettings noAci = new IntervalSettings(Levels.parse("0.95"), 0, 250);
        IntervalBaselines baselines = new IntervalBaselines(GARCH.bars());

        List<IntervalDay> adapted = IntervalReport.of(predictions, GARCH.bars(),
                new IntervalSettings(Levels.parse("0.95"), DEFAULTS.aciStep(), 250)).levels().get(0).days();
        List<IntervalDay> fixed = IntervalReport.of(predictions, GARCH.bars(), noAci).levels().get(0).days();

        // Step 0: every day built for 95 %.
        for (IntervalDay d : fixed) {
            int asOf = baselines.indexOf(d.asOf());
            assertThat(d.ewmaAci()).isEqualTo(baselines.ewma(asOf, 0.95, 0.95));
        }
        // With ACI the first day is the same, later ones move with the misses.
        assertThat(adapted.get(0).ewmaAci()).isEqualTo(fixed.get(0).ewmaAci());
        assertThat(adapted.get(adapted.size() - 1).ewmaAci()).isNotEqualTo(fixed.get(fixed.size() - 1).ewmaAci());
        assertThat(adapted).extracting(IntervalDay::historical).isEqualTo(fixed.stream().map(IntervalDay::historical).toList());
    }

    @Test
    void shouldNotChangeADaysVolatilityNorBaselinesWhenBarsAfterItsAsOfChange() {
        int from = 900;
        GarchSeries altered = GARCH.withFutureFrom(from, 99);
        List<Bar> original = GARCH.bars().subList(0, 1200);
        List<Bar> changed = altered.bars().subList(0, 1200);
        IntervalReport a = IntervalReport.of(new GarchSeries(original, GARCH.sigma()).oraclePredictions(250, 0.8, 0.95), original, DEFAULTS);
        IntervalReport b = IntervalReport.of(new GarchSeries(changed, altered.sigma()).oraclePredictions(250, 0.8, 0.95), changed, DEFAULTS);

        LocalDate firstChanged = original.get(from).date();
        assertThat(changed.get(from).close()).isNotEqualTo(original.get(from).close());
        for (int l = 0; l < 2; l++) {
            List<IntervalDay> da = a.levels().get(l).days();
            List<IntervalDay> db = b.levels().get(l).days();
            int before = 0;
            for (int i = 0; i < da.size() && da.get(i).asOf().isBefore(firstChanged); i++, before++) {
                IntervalDay x = da.get(i);
                IntervalDay y = db.get(i);
                assertThat(y.asOf()).isEqualTo(x.asOf());
                assertThat(y.realisedVolatility()).isEqualTo(x.realisedVolatility());
                assertThat(y.historical()).isEqualTo(x.historical());
                assertThat(y.ewmaAci()).isEqualTo(x.ewmaAci());
            }
            assertThat(before).isEqualTo(from - 250);
            // The comparison could fail: from the first changed bar on, the figures differ.
            IntervalDay x = da.get(before + 5);
            IntervalDay y = db.get(before + 5);
            assertThat(y.realisedVolatility()).isNotEqualTo(x.realisedVolatility());
            assertThat(y.historical()).isNotEqualTo(x.historical());
            assertThat(y.ewmaAci()).isNotEqualTo(x.ewmaAci());
        }
    }

    @Test
    void shouldLeaveOutDaysWithoutBarcastIntervalsForEveryMethod() {
        List<BacktestPrediction> all = GARCH.oraclePredictions(250, 0.8, 0.95).subList(0, 100);
        List<BacktestPrediction> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BacktestPrediction p = all.get(i);
            List<Interval> intervals = i % 3 == 0 ? List.of() : i % 3 == 1 ? p.intervals().subList(1, 2) : p.intervals();
            some.add(new BacktestPrediction(p.asOf(), p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(),
                    p.modelVersion(), p.trainedThrough(), p.modelPredictedClose(), p.weight(), intervals));
        }

        IntervalReport report = IntervalReport.of(some, GARCH.bars(), DEFAULTS);

        // 80 %: only the days i % 3 == 2 (33 of 100); 95 %: i % 3 != 0 (66).
        assertThat(report.levels().get(0).days()).hasSize(33);
        assertThat(report.levels().get(1).days()).hasSize(66);
        for (IntervalLevelReport level : report.levels()) {
            for (IntervalMethod m : IntervalMethod.values()) {
                assertThat(level.summary(m).days()).isEqualTo(level.days().size());
            }
        }
        assertThat(IntervalReport.of(all.stream().map(p -> new BacktestPrediction(p.asOf(), p.targetDate(), p.lastClose(),
                p.predictedClose(), p.actualClose(), p.modelVersion(), p.trainedThrough(), p.modelPredictedClose(), p.weight()))
                .toList(), GARCH.bars(), DEFAULTS).isEmpty()).isTrue();
    }

    @Test
    void shouldGiveNaNFiguresWithoutDays() {
        IntervalLevelReport empty = IntervalLevelReport.of(0.8, List.of());

        assertThat(empty.summary(BARCAST).coverage()).isNaN();
        assertThat(empty.summary(EWMA_ACI).meanRelativeScore()).isNaN();
        assertThat(empty.medianRealisedVolatility()).isNaN();
        assertThat(IntervalReport.empty().levels()).isEmpty();
    }
}
