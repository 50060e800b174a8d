package io.barcast.stream;

/** Names of the service's topics: the input and the four outputs. */
public record Topics(String bars, String predictions, String trainingLoss, String outcomes, String rejected) {
}
