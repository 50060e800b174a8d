package io.barcast.interval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IntervalTest {

    @Test
    void shouldScoreTheWidthAloneWhenTheCloseFallsInside() {
        Interval i = new Interval(0.8, 95, 105);
        assertThat(i.contains(100)).isTrue();
        assertThat(i.contains(95)).isTrue();
        assertThat(i.score(100)).isEqualTo(10.0);
    }

    @Test
    void shouldAddTwoOverAlphaTimesTheMissWhenTheCloseFallsOutside() {
        Interval i = new Interval(0.8, 95, 105);
        // alpha = 0.2: 10 + (2 / 0.2) * 3 = 40 below, 10 + 10 * 1 = 20 above
        assertThat(i.score(92)).isCloseTo(40.0, within(1e-9));
        assertThat(i.score(106)).isCloseTo(20.0, within(1e-9));
        assertThat(IntervalScore.of(95, 105, 106, 0.95)).isCloseTo(10 + 40 * 1, within(1e-9));
        assertThat(i.contains(105.0001)).isFalse();
    }

    @Test
    void shouldRefuseNaNInvertedOrNonPositiveBounds() {
        assertThatThrownBy(() -> new Interval(0.8, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(0.8, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(0.8, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(0.8, 1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(1.0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheStandardNormalQuantiles() {
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(Normal.quantile(0.9)).isCloseTo(1.281552, within(1e-6));
        assertThat(Normal.quantile(0.5)).isCloseTo(0, within(1e-12));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    }

    @Test
    void shouldParseAndPrintLevels() {
        Levels l = Levels.parse(" 0.95, 0.8 ");
        assertThat(l.values()).containsExactly(0.8, 0.95);
        assertThat(l).hasToString("0.8,0.95");
        assertThat(Levels.label(0.5)).isEqualTo("0.5");
        assertThatThrownBy(() -> Levels.parse("0.8,0.8")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Levels.parse("1.5")).hasMessageContaining("not in");
        assertThatThrownBy(() -> Levels.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
