package io.barcast.interval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ScoresTest {

    @Test
    void shouldKeepItsSortedCopyInStepWithTheScoresThroughAppendsAndCorrections() {
        Random random = new Random(11);
        Scores scores = Scores.of(new float[0]);
        List<Float> model = new ArrayList<>();
        int capacity = 25;
        for (int step = 0; step < 2_000; step++) {
            // few distinct values half of the time: ties must not lose or duplicate a score
            float v = step % 400 < 200 ? random.nextInt(4) / 4f : (float) Math.abs(random.nextGaussian());
            if (step % 7 == 3 && !model.isEmpty()) {
                scores = scores.replaceLast(v);
                model.set(model.size() - 1, v);
            } else {
                scores = scores.append(v, capacity);
                model.add(v);
                while (model.size() > capacity) {
                    model.remove(0);
                }
            }
            float[] expected = new float[model.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = model.get(i);
            }
            assertThat(scores.values()).as("step %d", step).containsExactly(expected);
            Arrays.sort(expected);
            for (int k = 0; k < expected.length; k++) {
                assertThat(scores.smallest(k)).as("step %d k %d", step, k).isEqualTo(expected[k]);
            }
        }
    }

    @Test
    void shouldDropTheOldestWhenTheCapacityShrinks() {
        Scores scores = Scores.of(new float[]{5, 1, 4, 2, 3});
        Scores shrunk = scores.append(0.5f, 3);
        assertThat(shrunk.values()).containsExactly(2, 3, 0.5f);
        assertThat(shrunk.smallest(0)).isEqualTo(0.5f);
        assertThat(shrunk.smallest(2)).isEqualTo(3);
    }
}
