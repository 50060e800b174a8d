package io.barcast.quality;

import io.barcast.config.ConfigReader;

/**
 * The data-quality rules' settings.
 *
 * @param splitPolicy      what a suspected split gets
 * @param splitMatchSigmas how close (in daily volatilities) the close's and the open's jumps must be to a split ratio
 * @param splitMoveSigmas  how large (in daily volatilities) the close's jump must be to be a suspected split
 * @param holeWeekdays     a bar more than this many weekdays after the previous one is a hole
 * @param extremeSigmas    a move at least this many daily volatilities that no split explains is an extreme move
 */
public record QualitySettings(SplitPolicy splitPolicy, double splitMatchSigmas, double splitMoveSigmas, int holeWeekdays,
                              double extremeSigmas) {

    public QualitySettings {
        QualityKeys.SPLIT_MATCH_SIGMAS.check(splitMatchSigmas);
        QualityKeys.SPLIT_MOVE_SIGMAS.check(splitMoveSigmas);
        QualityKeys.HOLE_WEEKDAYS.check(holeWeekdays);
        QualityKeys.EXTREME_SIGMAS.check(extremeSigmas);
    }

    public static QualitySettings defaults() {
        return from(ConfigReader.defaults());
    }

    public static QualitySettings from(ConfigReader c) {
        return new QualitySettings(c.get(QualityKeys.SPLIT_POLICY), c.get(QualityKeys.SPLIT_MATCH_SIGMAS),
                c.get(QualityKeys.SPLIT_MOVE_SIGMAS), c.get(QualityKeys.HOLE_WEEKDAYS), c.get(QualityKeys.EXTREME_SIGMAS));
    }
}
