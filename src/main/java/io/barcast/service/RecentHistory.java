package io.barcast.service;

import io.barcast.events.DataQualityEvent;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.TrainingLossEvent;
import io.barcast.model.TrainingStatus;
import io.barcast.stream.PublishedRecords;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance published lately, per symbol, for the live page: the latest prediction, the last
 * {@link #maxOutcomes} outcomes (predicted and actual close, the interval bounds per level, the running skill after
 * each), the last {@link #maxTrainings} training jobs (version, status, last losses, epochs, warm start) and the last
 * {@value #DATA_QUALITY_EVENTS} data-quality events (date, kind, action, what was seen), and the VaR backtest after its
 * latest outcome (the Basel zone, the exceptions and test p-values per VaR level). Fed by the
 * forecast step as it forwards each record ({@link PublishedRecords}); in memory only, so it starts empty and holds the
 * symbols this instance has processed since. Bounded per symbol (a job keeps only its last epoch's losses); thread-safe.
 */
public final class RecentHistory implements PublishedRecords {

    /** Outcomes kept per symbol by default: the span of the running interval coverage. */
    public static final int DEFAULT_OUTCOMES = 250;
    /** Training jobs kept per symbol by default. */
    public static final int DEFAULT_TRAININGS = 50;
    /** Data-quality events kept per symbol. */
    public static final int DATA_QUALITY_EVENTS = 50;

    /** One level of an outcome's interval. */
    public record Band(double level, double lower, double upper, boolean inside) {
    }

    /**
     * An outcome: the prediction made after {@code asOf} for {@code targetDate}, met with its close; {@code counted}
     * false when it is kept out of the running figures (after a hole), {@code dataQuality} the target bar's events.
     */
    public record Outcome(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                          double actualClose, long modelVersion, Double runningTheilU, Double runningHitRate,
                          List<Band> intervals, boolean counted, List<String> dataQuality) {
        static Outcome of(OutcomeEvent e) {
            return new Outcome(e.asOf(), e.targetDate(), e.lastClose(), e.predictedClose(), e.actualClose(),
                    e.modelVersion(), e.runningTheilU(), e.runningHitRate(),
                    e.intervals().stream().map(b -> new Band(b.level(), b.lower(), b.upper(), b.inside())).toList(),
                    e.countedInRunning(), e.dataQuality());
        }
    }

    /** A data-quality event of one of the symbol's bars. */
    public record Quality(LocalDate date, String kind, String action, String detail) {
        static Quality of(DataQualityEvent e) {
            return new Quality(e.date(), e.kind(), e.action(), e.detail());
        }
    }

    /** A finished training job, with the losses of its last epoch. */
    public record Training(long version, LocalDate windowEnd, TrainingStatus status, String reason, boolean promoted,
                           int epochs, int bestEpoch, Double trainLoss, Double valLoss, Double valTheilU,
                           boolean warmStart, long durationMs, long finishedAt) {
        static Training of(TrainingLossEvent e) {
            return new Training(e.modelVersion(), e.windowEnd(), e.status(), e.reason(), e.promoted(), e.epochs(),
                    e.bestEpoch(), last(e.trainLoss()), last(e.valLoss()), e.valTheilU(), e.warmStart(), e.durationMs(),
                    e.finishedAt());
        }

        private static Double last(List<Double> values) {
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        }
    }

    /** The running skill after the symbol's latest outcome (over all its outcomes, as on the outcomes topic). */
    public record Skill(long count, Double theilU, Double hitRate, Double rmse, Double naiveRmse, Double skillWeight) {
    }

    /** The VaR backtest after the symbol's latest outcome (as on the outcomes topic): the Basel zone and, per level, the tests. */
    public record Risk(String baselZone, List<OutcomeEvent.VarFigures> levels) {
    }

    /** A copy of one symbol's history, oldest first ({@code risk} null before an outcome with VaR). */
    public record Snapshot(String symbol, PredictionEvent prediction, Skill skill, List<Outcome> outcomes,
                           List<Training> trainings, List<Quality> dataQuality, long updatedAt, Risk risk) {
    }

    private final int maxOutcomes;
    private final int maxTrainings;
    private final Map<String, SymbolHistory> symbols = new ConcurrentHashMap<>();

    public RecentHistory() {
        this(DEFAULT_OUTCOMES, DEFAULT_TRAININGS);
    }

    public RecentHistory(int maxOutcomes, int maxTrainings) {
        if (maxOutcomes < 1 || maxTrainings < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + maxOutcomes + ", " + maxTrainings);
        }
        this.maxOutcomes = maxOutcomes;
        this.maxTrainings = maxTrainings;
    }

    public int maxOutcomes() {
        return maxOutcomes;
    }

    public int maxTrainings() {
        return maxTrainings;
    }

    @Override
    public void prediction(PredictionEvent prediction) {
        history(prediction.symbol()).prediction(prediction);
    }

    @Override
    public void outcome(OutcomeEvent outcome) {
        history(outcome.symbol()).outcome(outcome);
    }

    @Override
    public void training(TrainingLossEvent training) {
        history(training.symbol()).training(training);
    }

    @Override
    public void dataQuality(DataQualityEvent event) {
        history(event.symbol()).dataQuality(event);
    }

    /** The symbols with any history, sorted. */
    public List<String> symbols() {
        return List.copyOf(new TreeSet<>(symbols.keySet()));
    }

    public Optional<Snapshot> snapshot(String symbol) {
        SymbolHistory h = symbols.get(symbol);
        return h == null ? Optional.empty() : Optional.of(h.snapshot(symbol));
    }

    private SymbolHistory history(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolHistory());
    }

    private final class SymbolHistory {
        private final Deque<Outcome> outcomes = new ArrayDeque<>();
        private final Deque<Training> trainings = new ArrayDeque<>();
        private final Deque<Quality> quality = new ArrayDeque<>();
        private PredictionEvent prediction;
        private Skill skill;
        private Risk risk;
        private long updatedAt;

        synchronized void prediction(PredictionEvent p) {
            prediction = p;
            updatedAt = System.currentTimeMillis();
        }

        synchronized void outcome(OutcomeEvent e) {
            Outcome o = Outcome.of(e);
            // A corrected bar scores its prediction again: the new outcome replaces the one of the same date.
            if (!outcomes.isEmpty() && outcomes.peekLast().asOf().equals(o.asOf())) {
                outcomes.pollLast();
            }
            outcomes.addLast(o);
            while (outcomes.size() > maxOutcomes) {
                outcomes.pollFirst();
            }
            skill = new Skill(e.count(), e.runningTheilU(), e.runningHitRate(), e.runningRmse(), e.runningNaiveRmse(),
                    e.runningSkillWeight());
            if (e.baselZone() != null) {
                risk = new Risk(e.baselZone(), e.varBacktest());
            }
            updatedAt = System.currentTimeMillis();
        }

        synchronized void training(TrainingLossEvent e) {
            trainings.addLast(Training.of(e));
            while (trainings.size() > maxTrainings) {
                trainings.pollFirst();
            }
            updatedAt = System.currentTimeMillis();
        }

        synchronized void dataQuality(DataQualityEvent e) {
            quality.addLast(Quality.of(e));
            while (quality.size() > DATA_QUALITY_EVENTS) {
                quality.pollFirst();
            }
            updatedAt = System.currentTimeMillis();
        }

        synchronized Snapshot snapshot(String symbol) {
            return new Snapshot(symbol, prediction, skill, new ArrayList<>(outcomes), new ArrayList<>(trainings),
                    new ArrayList<>(quality), updatedAt, risk);
        }
    }
}
