package io.barcast.feature;

import io.barcast.bar.Bar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatureExtractorTest {

    private static Bar bar(int day, double close, double volume) {
        return new Bar("S", LocalDate.of(2020, 1, 1).plusDays(day), close, close * 1.01, close * 0.99, close, volume);
    }

    @Test
    void shouldReadAZeroVolumeAndTheDayAfterItAsNoChangeInVolume() {
        double[][] rows = FeatureExtractor.rows(List.of(bar(0, 100, 2e6), bar(1, 101, 0), bar(2, 102, 3e6), bar(3, 101, 1.5e6)),
                FeatureSet.OHLCV);

        assertThat(rows[0][4]).as("the zero day").isZero();
        assertThat(rows[1][4]).as("the day after it").isZero();
        assertThat(rows[2][4]).isCloseTo(Math.log((1.5e6 + 1) / (3e6 + 1)), within(1e-15));
        assertThat(rows[0][FeatureExtractor.RETURN]).isCloseTo(Math.log(101 / 100.0), within(1e-15));
    }
}
