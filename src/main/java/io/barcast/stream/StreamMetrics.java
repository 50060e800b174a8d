package io.barcast.stream;

import io.barcast.bar.RejectReason;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalOutcome;
import io.barcast.interval.TailOutcome;
import io.barcast.interval.TailRisk;
import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingReport;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityKind;

import java.util.Collection;
import java.util.List;

/** What the topology reports as it works; implemented over Micrometer by the metrics package. */
public interface StreamMetrics {

    void barAccepted(String symbol);

    void barDuplicate(String symbol);

    void barRejected(RejectReason reason);

    void predictionPublished(String symbol, long barToPredictionMillis);

    void trainingFinished(TrainingReport report, boolean promoted);

    void modelServing(ModelMetadata model);

    void outcome(String symbol, double absError, double runningTheilU);

    /** The skill weight the symbol's next prediction is served with. */
    void skillWeight(String symbol, double weight);

    /** The close a published prediction names, and its interval per level (ascending). */
    void predictionBand(String symbol, double predictedClose, List<Interval> intervals);

    /**
     * The close a prediction was scored against, and per level the symbol's running coverage and width over its
     * recent outcomes (this one included).
     */
    void outcomeBand(String symbol, double actualClose, List<IntervalOutcome> intervals);

    /** The VaR, ES and P(up) of a published prediction (nothing by default). */
    default void predictionRisk(String symbol, TailRisk risk) {
    }

    /** A prediction's VaR met with its close, and the symbol's VaR backtests after it (nothing by default). */
    default void outcomeRisk(String symbol, TailOutcome outcome) {
    }

    /** A data-quality event of a bar. */
    void dataQuality(QualityKind kind, QualityAction action);

    /** The symbols of a task that closed here (it may have moved to another instance): their current-value series go. */
    void forgetSymbols(Collection<String> symbols);

    StreamMetrics NONE = new StreamMetrics() {
        @Override
        public void barAccepted(String symbol) {
        }

        @Override
        public void barDuplicate(String symbol) {
        }

        @Override
        public void barRejected(RejectReason reason) {
        }

        @Override
        public void predictionPublished(String symbol, long barToPredictionMillis) {
        }

        @Override
        public void trainingFinished(TrainingReport report, boolean promoted) {
        }

        @Override
        public void modelServing(ModelMetadata model) {
        }

        @Override
        public void outcome(String symbol, double absError, double runningTheilU) {
        }

        @Override
        public void skillWeight(String symbol, double weight) {
        }

        @Override
        public void predictionBand(String symbol, double predictedClose, List<Interval> intervals) {
        }

        @Override
        public void outcomeBand(String symbol, double actualClose, List<IntervalOutcome> intervals) {
        }

        @Override
        public void dataQuality(QualityKind kind, QualityAction action) {
        }

        @Override
        public void forgetSymbols(Collection<String> symbols) {
        }
    };
}
