package io.barcast.stream;

/** Names of the service's topics: the input and the outputs. */
public record Topics(String bars, String predictions, String trainingLoss, String outcomes, String rejected,
                     String dataQuality) {

    /** With the default data-quality topic. */
    public Topics(String bars, String predictions, String trainingLoss, String outcomes, String rejected) {
        this(bars, predictions, trainingLoss, outcomes, rejected, StreamKeys.TOPIC_DATA_QUALITY.defaultValue());
    }

    /** The output topics, in the order they are created. */
    public java.util.List<String> outputs() {
        return java.util.List.of(predictions, trainingLoss, outcomes, rejected, dataQuality);
    }
}
