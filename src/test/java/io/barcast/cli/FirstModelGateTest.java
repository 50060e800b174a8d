package io.barcast.cli;

import io.barcast.bar.Bar;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code local}'s replay waits after a symbol's first window until the service has a model for it, and only then. */
class FirstModelGateTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Set<String> modelled = ConcurrentHashMap.newKeySet();

    private static Bar bar(String symbol, int day) {
        return new Bar(symbol, LocalDate.of(2020, 1, 1).plusDays(day), 10, 11, 9, 10, 100);
    }

    private FirstModelGate gate(boolean trainingIdle, Duration idleLimit) {
        return new FirstModelGate(3, modelled::contains, () -> trainingIdle, idleLimit, out);
    }

    @Test
    void shouldHoldOnlyTheBarAfterEachSymbolsFirstWindow() {
        FirstModelGate gate = gate(false, Duration.ofSeconds(10));

        assertThat(IntStream.range(0, 6).mapToObj(i -> gate.holds(bar("A", i)))).containsExactly(false, false, false, true, false, false);
        modelled.add("B"); // a model restored from the state folder: nothing to wait for
        assertThat(IntStream.range(0, 5).mapToObj(i -> gate.holds(bar("B", i)))).containsOnly(false);
    }

    @Test
    void shouldWaitUntilTheSymbolHasAModel() throws InterruptedException {
        FirstModelGate gate = gate(false, Duration.ofSeconds(10));
        Thread trainer = new Thread(() -> {
            sleep(400);
            modelled.add("A");
        });
        trainer.start();
        long start = System.nanoTime();

        gate.await(bar("A", 3), () -> false);

        assertThat((System.nanoTime() - start) / 1e6).as("ms waited").isGreaterThanOrEqualTo(350);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("[feed ] A: waiting for its first model (trained on its first 3 bars) before 2020-01-04")
                .contains("[feed ] A: first model ready after");
        trainer.join();
    }

    @Test
    void shouldLetGoWhenNothingTrains() throws InterruptedException {
        long start = System.nanoTime();

        gate(true, Duration.ofMillis(300)).await(bar("A", 3), () -> false);

        assertThat((System.nanoTime() - start) / 1e6).as("ms waited").isBetween(250.0, 5_000.0);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("[feed ] A: no training of it ran for 0.3 s;"
                + " the replay goes on without its model");
    }

    @Test
    void shouldStopWaitingWhenTheCommandStops() throws InterruptedException {
        long start = System.nanoTime();

        gate(false, Duration.ofSeconds(10)).await(bar("A", 3), () -> true);

        assertThat((System.nanoTime() - start) / 1e6).as("ms waited").isLessThan(1_000);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("ready");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
