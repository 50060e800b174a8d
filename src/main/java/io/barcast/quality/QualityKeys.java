package io.barcast.quality;

import io.barcast.config.Key;

import java.util.List;

/** The {@code quality.*} keys ({@link QualitySettings}). */
public final class QualityKeys {

    /** ADJUST: a split is far likelier than a crash that matches a split ratio and gaps with it (see docs). */
    public static final Key<SplitPolicy> SPLIT_POLICY = Key.choice("quality.split.policy", SplitPolicy.ADJUST);
    public static final Key<Double> SPLIT_MATCH_SIGMAS = Key.number("quality.split.match.sigmas", 4.0, v -> v > 0, "> 0");
    public static final Key<Double> SPLIT_MOVE_SIGMAS = Key.number("quality.split.move.sigmas", 8.0, v -> v > 0, "> 0");
    /** 6 lets through the longest ordinary closures: 5 weekdays (Shanghai and Shenzhen's Golden Week, Spring Festival). */
    public static final Key<Integer> HOLE_WEEKDAYS = Key.integer("quality.hole.weekdays", 6, 1, 10_000);
    public static final Key<Double> EXTREME_SIGMAS = Key.number("quality.extreme.sigmas", 12.0, v -> v > 0, "> 0");

    public static final List<Key<?>> ALL = List.of(SPLIT_POLICY, SPLIT_MATCH_SIGMAS, SPLIT_MOVE_SIGMAS, HOLE_WEEKDAYS,
            EXTREME_SIGMAS);

    private QualityKeys() {
    }
}
