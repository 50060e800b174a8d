package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdaptiveLevelTest {

    @Test
    void shouldWidenAfterAMissAndNarrowAfterAHit() {
        AdaptiveLevel a = AdaptiveLevel.of(0.8);
        assertThat(a.alpha()).isCloseTo(0.2, within(1e-12));
        // miss: alpha += 0.005 * (0.2 - 1) -> builds for more coverage
        assertThat(a.next(false, 0.005).alpha()).isCloseTo(0.2 - 0.004, within(1e-12));
        assertThat(a.next(true, 0.005).alpha()).isCloseTo(0.2 + 0.001, within(1e-12));
        assertThat(a.next(false, 0.005).undo(false, 0.005).alpha()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void shouldBringTheMissRateToItsLevelWhateverTheScale() {
        // Intervals built for a normal of sd 1 while the truth has sd 1.6: ACI must still reach ~80% coverage
        Random random = new Random(11);
        AdaptiveLevel a = AdaptiveLevel.of(0.8);
        int inside = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double q = Normal.quantile(0.5 + a.target(0.9999) / 2);
            boolean in = Math.abs(1.6 * random.nextGaussian()) <= q;
            inside += in ? 1 : 0;
            a = a.next(in, 0.005);
        }
        assertThat(inside / (double) n).isCloseTo(0.8, within(0.01));
    }

    @Test
    void shouldNotWindUpBeyondItsBounds() {
        AdaptiveLevel a = AdaptiveLevel.of(0.95);
        for (int i = 0; i < 10_000; i++) {
            a = a.next(false, 0.1);
        }
        assertThat(a.alpha()).isEqualTo(AdaptiveLevel.MIN_ALPHA);
        assertThat(a.target(0.999)).isEqualTo(0.999);
    }
}
