package io.barcast.window;

import io.barcast.bar.Bar;
import io.barcast.testing.SyntheticBars;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BarWindowTest {

    private final List<Bar> bars = SyntheticBars.randomWalk("W", 10, 1);

    @Test
    void shouldAppendNewDatesAndTrimToCapacity() {
        BarWindow w = new BarWindow(4);
        for (Bar b : bars) {
            assertThat(w.offer(b)).isEqualTo(BarWindow.Outcome.APPENDED);
        }
        assertThat(w.bars()).containsExactlyElementsOf(bars.subList(6, 10));
        assertThat(w.appendedTotal()).isEqualTo(10);
    }

    @Test
    void shouldIgnoreIdenticalRedelivery() {
        BarWindow w = new BarWindow(4);
        w.offer(bars.get(0));
        assertThat(w.offer(bars.get(0))).isEqualTo(BarWindow.Outcome.DUPLICATE);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.appendedTotal()).isEqualTo(1);
    }

    @Test
    void shouldReplaceTheLatestBarOnCorrection() {
        BarWindow w = new BarWindow(4);
        w.offer(bars.get(0));
        w.offer(bars.get(1));
        Bar b = bars.get(1);
        Bar corrected = new Bar(b.symbol(), b.date(), b.open(), b.high() * 1.01, b.low(), b.close(), b.volume());
        assertThat(w.offer(corrected)).isEqualTo(BarWindow.Outcome.CORRECTED);
        assertThat(w.last()).isEqualTo(corrected);
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.appendedTotal()).isEqualTo(2);
    }

    @Test
    void shouldRefuseABarOlderThanTheLatest() {
        BarWindow w = new BarWindow(4);
        w.offer(bars.get(0));
        w.offer(bars.get(2));
        assertThat(w.offer(bars.get(1))).isEqualTo(BarWindow.Outcome.OUT_OF_ORDER);
        assertThat(w.offer(bars.get(0))).isEqualTo(BarWindow.Outcome.OUT_OF_ORDER);
        assertThat(w.bars()).containsExactly(bars.get(0), bars.get(2));
    }

    @Test
    void shouldRoundTripThroughTheCodec() {
        BarWindow w = new BarWindow(5);
        bars.forEach(w::offer);
        BarWindow back = BarWindowCodec.decode(WholeWindowFormat.encode(w), 5);
        assertThat(back.bars()).containsExactlyElementsOf(w.bars());
        assertThat(back.appendedTotal()).isEqualTo(10);
        BarWindow smaller = BarWindowCodec.decode(WholeWindowFormat.encode(w), 3);
        assertThat(smaller.bars()).containsExactlyElementsOf(bars.subList(7, 10));
    }
}
