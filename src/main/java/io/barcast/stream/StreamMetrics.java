package io.barcast.stream;

import io.barcast.bar.RejectReason;
import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingReport;

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
    };
}
