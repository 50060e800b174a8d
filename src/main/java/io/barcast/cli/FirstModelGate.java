package io.barcast.cli;

import io.barcast.bar.Bar;
import io.barcast.replay.BarReplayer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Holds {@code local}'s replay after a symbol's first {@code window.bars} bars (its first training window) until the
 * service has a model for it, so that the bars after it are predicted even when the replay is shorter than the
 * training. It lets go when nothing trains for {@code idleLimit} (no training was started, say).
 */
final class FirstModelGate implements BarReplayer.Gate {

    private static final long POLL_MILLIS = 100;

    private final int windowBars;
    private final Predicate<String> modelled;
    private final BooleanSupplier trainingIdle;
    private final Duration idleLimit;
    private final PrintStream out;
    private final Map<String, Integer> seen = new HashMap<>();
    private final Set<String> held = new HashSet<>();

    /**
     * @param modelled     whether the service published a prediction of the symbol or finished a training of it
     * @param trainingIdle whether no training is queued or running
     */
    FirstModelGate(int windowBars, Predicate<String> modelled, BooleanSupplier trainingIdle, Duration idleLimit, PrintStream out) {
        this.windowBars = windowBars;
        this.modelled = modelled;
        this.trainingIdle = trainingIdle;
        this.idleLimit = idleLimit;
        this.out = out;
    }

    @Override
    public boolean holds(Bar next) {
        int before = seen.merge(next.symbol(), 1, Integer::sum) - 1; // the symbol's bars sent before this one
        return before == windowBars && held.add(next.symbol()) && !modelled.test(next.symbol());
    }

    @Override
    public void await(Bar next, BooleanSupplier stop) throws InterruptedException {
        String symbol = next.symbol();
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "[feed ] %s: waiting for its first model (trained on its first %d bars) before %s%n",
                symbol, windowBars, next.date());
        long idleSince = -1;
        while (!modelled.test(symbol) && !stop.getAsBoolean()) {
            long now = System.nanoTime();
            idleSince = trainingIdle.getAsBoolean() ? (idleSince < 0 ? now : idleSince) : -1;
            if (idleSince >= 0 && now - idleSince >= idleLimit.toNanos()) {
                out.printf(Locale.ROOT, "[feed ] %s: no training of it ran for %.1f s; the replay goes on without its model%n",
                        symbol, idleLimit.toMillis() / 1e3);
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        if (!stop.getAsBoolean()) {
            out.printf(Locale.ROOT, "[feed ] %s: first model ready after %.1f s; the replay goes on%n", symbol,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
