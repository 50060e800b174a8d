package io.barcast.model;

/** How a network's LSTM layers compute their training passes ({@code training.lstm}); shape, parameters, loss and optimiser are the same. */
public enum LstmRoute {
    /** DL4J's {@code LSTM} layer (a Java loop of small native ops per time step). */
    BUILTIN,
    /** {@link JavaLstm}: DL4J's {@code LSTM} parameters, forward and backward passes in Java (Vector API), a minibatch per step. */
    JAVA;

    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * The route a training network of {@code cfg} gets when this one is asked for: {@link #JAVA} has no dropout and
     * needs the Vector API ({@code --add-modules jdk.incubator.vector}); without them DL4J's own layer trains.
     */
    public LstmRoute forTraining(ModelConfig cfg) {
        if (this == JAVA && (cfg.dropout() > 0 || !VECTOR_MODULE)) {
            return BUILTIN;
        }
        return this;
    }

    /**
     * Why {@link #forTraining} gives {@code cfg} another route than this one, for a log line or a printed header;
     * empty when it gives this one.
     */
    public String fallbackReason(ModelConfig cfg) {
        if (forTraining(cfg) == this) {
            return "";
        }
        return cfg.dropout() > 0
                ? "the Java passes have no dropout (model.dropout=" + cfg.dropout() + ")"
                : "the Java passes need the Vector API (java --add-modules jdk.incubator.vector)";
    }
}
