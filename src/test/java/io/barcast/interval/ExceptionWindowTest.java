package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionWindowTest {

    @Test
    void shouldKeepTheBacktestsCountsAsACountOverItsFlagsGives() {
        Random random = new Random(17);
        ExceptionWindow w = ExceptionWindow.empty(250);
        for (int i = 0; i < 900; i++) {
            // runs of exceptions now and then, so every transition occurs, also at the window's oldest end
            boolean e = random.nextDouble() < (i % 97 < 6 ? 0.6 : 0.03);
            w = random.nextDouble() < 0.05 ? w.replaceLast(e) : w.add(e);
            VarBacktest.Transitions counted = VarBacktest.Transitions.of(w.flags());
            assertThat(w.transitions()).as("outcome %d", i).isEqualTo(counted);
            assertThat(w.exceptions()).isEqualTo(counted.exceptions());
        }
        assertThat(w.count()).isEqualTo(250);
        assertThat(w.transitions().n11()).isPositive();
        // the tests from the kept counts are the tests from the flags
        assertThat(VarBacktest.of(0.99, w.transitions())).isEqualTo(VarBacktest.of(0.99, w.flags()));
        assertThat(ExceptionWindow.of(250, w.flags()).transitions()).isEqualTo(w.transitions());
    }
}
