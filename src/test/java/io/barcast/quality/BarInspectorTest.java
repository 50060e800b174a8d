package io.barcast.quality;

import io.barcast.bar.Bar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each data-quality rule on hand-made bars: what it names, what it does, and what it leaves alone. */
class BarInspectorTest {

    private static final QualitySettings DEFAULTS = QualitySettings.defaults();
    private static final BarInspector INSPECTOR = new BarInspector(DEFAULTS, true);
    private static final LocalDate FRIDAY = LocalDate.of(2014, 6, 6);
    private static final LocalDate MONDAY = LocalDate.of(2014, 6, 9);

    private static Bar bar(LocalDate date, double open, double close) {
        return new Bar("AAPL", date, open, Math.max(open, close) * 1.005, Math.min(open, close) * 0.995, close, 1e6);
    }

    private static Bar told(Bar b, double factor) {
        return new Bar(b.symbol(), b.date(), b.open(), b.high(), b.low(), b.close(), b.volume(), factor);
    }

    @Test
    void shouldRescaleTheHistoryWhenTheToldSplitFactorChanges() {
        Inspection q = INSPECTOR.inspect(bar(FRIDAY, 640, 645.57), told(bar(MONDAY, 92.7, 93.7), 7.0), 1.0, 0.013, 250);

        assertThat(q.priceFactor()).isEqualTo(1 / 7.0);
        assertThat(q.unitFactor()).isEqualTo(7.0);
        assertThat(q.events()).extracting(QualityEvent::kind).containsExactly(QualityKind.SPLIT_TOLD);
        QualityEvent e = q.events().get(0);
        assertThat(e.action()).isEqualTo(QualityAction.ADJUSTED);
        assertThat(e.previousDate()).isEqualTo(FRIDAY);
        assertThat(e.figures()).containsEntry("splitFactor", 7.0).containsEntry("previousSplitFactor", 1.0);
        assertThat(e.detail()).contains("split factor 7 after 1");
    }

    @Test
    void shouldTakeAFirstToldFactorOrAnUnchangedOneAsTheUnits() {
        Inspection first = INSPECTOR.inspect(bar(FRIDAY, 640, 645.57), told(bar(MONDAY, 645, 646), 3.0), null, 0.013, 250);
        assertThat(first.events()).isEmpty();
        assertThat(first.adjusts()).isFalse();
        assertThat(first.unitFactor()).isEqualTo(3.0);

        Inspection same = INSPECTOR.inspect(bar(FRIDAY, 640, 645.57), told(bar(MONDAY, 645, 646), 3.0), 3.0, 0.013, 250);
        assertThat(same.events()).isEmpty();
        Inspection untold = INSPECTOR.inspect(bar(FRIDAY, 640, 645.57), bar(MONDAY, 645, 646), 3.0, 0.013, 250);
        assertThat(untold.unitFactor()).as("a bar that tells none keeps the history's").isEqualTo(3.0);
    }

    @Test
    void shouldSuspectAppleUntold7For1SplitOf2014AndAdjustByTheRatio() {
        // AAPL's raw bars around its 7:1 split: close 645.57 on 2014-06-06, then 92.70 / 93.70 (open / close)
        Inspection q = INSPECTOR.inspect(bar(FRIDAY, 647.35, 645.57), bar(MONDAY, 92.70, 93.70), null, 0.0125, 250);

        assertThat(q.events()).extracting(QualityEvent::kind).containsExactly(QualityKind.SUSPECTED_SPLIT);
        QualityEvent e = q.events().get(0);
        assertThat(e.action()).isEqualTo(QualityAction.ADJUSTED);
        assertThat(q.priceFactor()).isEqualTo(1 / 7.0);
        assertThat(e.figures().get("splitRatio")).isEqualTo(1 / 7.0);
        assertThat(e.figures().get("closeRatio")).isCloseTo(93.70 / 645.57, within(1e-12));
        assertThat(e.detail()).contains("7-for-1 split").contains("the open gapped with it");
        assertThat(q.unitFactor()).as("an inferred split tells no factor").isNull();
    }

    @Test
    void shouldSuspectEveryCommonRatioAndItsReverse() {
        for (BarInspector.Ratio r : BarInspector.SPLIT_RATIOS) {
            double close = 100 * r.multiplier() * 1.004; // the day's own move: +0.4%
            Inspection q = INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 100 * r.multiplier(), close), null, 0.015, 250);
            assertThat(q.events()).as(r.name()).extracting(QualityEvent::kind).containsExactly(QualityKind.SUSPECTED_SPLIT);
            assertThat(q.priceFactor()).as(r.name()).isEqualTo(r.multiplier());
        }
    }

    @Test
    void shouldRejectOrKeepASuspectedSplitAsThePolicySays() {
        Bar previous = bar(FRIDAY, 100, 100);
        Bar halved = bar(MONDAY, 50, 50.2);
        Inspection rejected = new BarInspector(policy(SplitPolicy.REJECT), true).inspect(previous, halved, null, 0.015, 250);
        assertThat(rejected.rejected()).isTrue();
        assertThat(rejected.adjusts()).isFalse();
        assertThat(rejected.events().get(0).action()).isEqualTo(QualityAction.REJECTED);

        Inspection kept = new BarInspector(policy(SplitPolicy.IGNORE), true).inspect(previous, halved, null, 0.015, 250);
        assertThat(kept.rejected()).isFalse();
        assertThat(kept.adjusts()).isFalse();
        assertThat(kept.events().get(0).action()).isEqualTo(QualityAction.KEPT);
    }

    @Test
    void shouldTakeACrashWhoseOpenDidNotGapAsAnExtremeMoveNotASplit() {
        // -50% by the close, but the day opened at yesterday's close: a real move, not new units
        Inspection q = INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 99.5, 50), null, 0.015, 250);

        assertThat(q.events()).extracting(QualityEvent::kind).containsExactly(QualityKind.EXTREME_MOVE);
        assertThat(q.events().get(0).action()).isEqualTo(QualityAction.KEPT);
        assertThat(q.adjusts()).isFalse();
    }

    @Test
    void shouldTakeAGappedHalvingOfAVolatileStockAsAMoveBelowTheSplitThreshold() {
        // daily volatility 10%: a 2:1-sized jump is 6.9 volatilities, below quality.split.move.sigmas (8)
        Inspection q = INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 50, 50), null, 0.10, 250);
        assertThat(q.events()).isEmpty();
    }

    @Test
    void shouldUseADefaultVolatilityWhileTheHistoryIsShortAndAFloorWhenItIsCalm() {
        // 5 returns known: 2% is used, so a halving is 35 volatilities and a split
        assertThat(INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 50, 50), null, 0.30, 5).events())
                .extracting(QualityEvent::kind).containsExactly(QualityKind.SUSPECTED_SPLIT);
        // a calm index (0.1%): the floor of 0.5% keeps an ordinary 1% gap from being extreme
        assertThat(INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 101, 101), null, 0.001, 250).events()).isEmpty();
    }

    @Test
    void shouldNameAHoleButNotTheLongestOrdinaryClosures() {
        Bar before = bar(LocalDate.of(2019, 9, 30), 100, 100);
        // Shanghai's Golden Week 2019: closed 1-7 October, open again on Tuesday the 8th: 6 weekdays later
        assertThat(INSPECTOR.inspect(before, bar(LocalDate.of(2019, 10, 8), 100, 100.5), null, 0.01, 250).hole()).isFalse();
        // 2001-09-10 to 2001-09-17: New York's four days closed after 9/11
        assertThat(INSPECTOR.inspect(bar(LocalDate.of(2001, 9, 10), 100, 100), bar(LocalDate.of(2001, 9, 17), 100, 95),
                null, 0.01, 250).hole()).isFalse();
        // a ten-trading-day outage
        Inspection q = INSPECTOR.inspect(before, bar(LocalDate.of(2019, 10, 15), 100, 100.5), null, 0.01, 250);
        assertThat(q.hole()).isTrue();
        assertThat(q.events()).extracting(QualityEvent::kind).containsExactly(QualityKind.HOLE);
        assertThat(q.events().get(0).action()).isEqualTo(QualityAction.EXCLUDED);
        assertThat(q.events().get(0).figures()).containsEntry("weekdays", 11.0).containsEntry("maxWeekdays", 6.0);
    }

    @Test
    void shouldCountWeekdaysAcrossWeekendsYearsAndTheEpoch() {
        assertThat(BarInspector.weekdaysAfter(LocalDate.of(2014, 6, 6), LocalDate.of(2014, 6, 9))).isEqualTo(1);
        assertThat(BarInspector.weekdaysAfter(LocalDate.of(2014, 6, 9), LocalDate.of(2014, 6, 10))).isEqualTo(1);
        assertThat(BarInspector.weekdaysAfter(LocalDate.of(2014, 6, 7), LocalDate.of(2014, 6, 8))).isZero();
        assertThat(BarInspector.weekdaysAfter(LocalDate.of(1969, 12, 26), LocalDate.of(1970, 1, 5))).isEqualTo(6);
        assertThat(BarInspector.weekdaysAfter(LocalDate.of(1800, 1, 1), LocalDate.of(1800, 1, 1))).isZero();
        LocalDate d = LocalDate.of(1899, 3, 1);
        long counted = 0;
        for (LocalDate x = d.plusDays(1); !x.isAfter(d.plusDays(1000)); x = x.plusDays(1)) {
            counted += x.getDayOfWeek().getValue() <= 5 ? 1 : 0;
        }
        assertThat(BarInspector.weekdaysAfter(d, d.plusDays(1000))).isEqualTo(counted);
    }

    @Test
    void shouldNameZeroVolumeOnlyWhenTheModelReadsVolume() {
        Bar zero = new Bar("AAPL", MONDAY, 100, 101, 99, 100.5, 0);
        assertThat(INSPECTOR.inspect(bar(FRIDAY, 100, 100), zero, null, 0.01, 250).events())
                .extracting(QualityEvent::kind, QualityEvent::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(QualityKind.ZERO_VOLUME, QualityAction.NEUTRALISED));
        assertThat(new BarInspector(DEFAULTS, false).inspect(bar(FRIDAY, 100, 100), zero, null, 0.01, 250).events()).isEmpty();
    }

    @Test
    void shouldNameABarThatRepeatsThePreviousOne() {
        Bar previous = bar(FRIDAY, 100, 101);
        Bar repeat = new Bar("AAPL", MONDAY, previous.open(), previous.high(), previous.low(), previous.close(), previous.volume());
        assertThat(INSPECTOR.inspect(previous, repeat, null, 0.01, 250).events()).extracting(QualityEvent::kind)
                .containsExactly(QualityKind.REPEATED_BAR);
    }

    @Test
    void shouldFindNothingInAnOrdinaryBarOrAFirstOne() {
        assertThat(INSPECTOR.inspect(bar(FRIDAY, 100, 100), bar(MONDAY, 100.2, 101.1), null, 0.01, 250).events()).isEmpty();
        assertThat(INSPECTOR.inspect(null, bar(MONDAY, 100.2, 101.1), null, Double.NaN, 0).events()).isEmpty();
    }

    private static QualitySettings policy(SplitPolicy p) {
        return new QualitySettings(p, DEFAULTS.splitMatchSigmas(), DEFAULTS.splitMoveSigmas(), DEFAULTS.holeWeekdays(),
                DEFAULTS.extremeSigmas());
    }
}
