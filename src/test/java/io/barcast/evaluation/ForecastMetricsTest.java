package io.barcast.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastMetricsTest {

    @Test
    void shouldComputeErrorsAgainstTheNaiveForecast() {
        ForecastMetrics m = new ForecastMetrics();
        m.add(100, 102, 101); // model error +1, naive error -1, right direction
        m.add(101, 100, 103); // model error -3, naive error -2, wrong direction
        m.add(103, 103.5, 103); // model error +0.5, naive 0, no move: not counted in hit rate
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.rmseModel()).isCloseTo(Math.sqrt((1 + 9 + 0.25) / 3), within(1e-12));
        assertThat(m.rmseNaive()).isCloseTo(Math.sqrt((1 + 4 + 0) / 3.0), within(1e-12));
        assertThat(m.maeModel()).isCloseTo(4.5 / 3, within(1e-12));
        assertThat(m.maeNaive()).isCloseTo(1.0, within(1e-12));
        assertThat(m.mapeModel()).isCloseTo(100 * (1 / 101.0 + 3 / 103.0 + 0.5 / 103) / 3, within(1e-12));
        assertThat(m.theilU()).isCloseTo(m.rmseModel() / m.rmseNaive(), within(1e-12));
        assertThat(m.hitRate()).isEqualTo(0.5);
    }

    @Test
    void shouldCountNoDirectionForAForecastEqualToTheLastClose() {
        ForecastMetrics m = new ForecastMetrics();
        m.add(100, 100, 101); // the naive forecast: calls no direction
        m.add(101, 102, 103); // right direction
        assertThat(m.hitRate()).isEqualTo(1.0);
        m.remove(101, 102, 103);
        assertThat(m.hitRate()).isNaN();
        assertThat(m.count()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheNaiveForecastATheilUOfOne() {
        ForecastMetrics m = new ForecastMetrics();
        m.add(10, 10, 11);
        m.add(11, 11, 10.5);
        assertThat(m.theilU()).isEqualTo(1.0);
    }

    @Test
    void shouldRestoreFromState() {
        ForecastMetrics m = new ForecastMetrics();
        m.add(10, 10.5, 11);
        m.add(11, 10.9, 10.5);
        ForecastMetrics back = ForecastMetrics.fromState(m.state());
        assertThat(back.rmseModel()).isEqualTo(m.rmseModel());
        assertThat(back.hitRate()).isEqualTo(m.hitRate());
        assertThat(back.count()).isEqualTo(2);
    }

    @Test
    void shouldBeUndefinedWithoutData() {
        ForecastMetrics m = new ForecastMetrics();
        assertThat(m.theilU()).isNaN();
        assertThat(m.hitRate()).isNaN();
    }
}
