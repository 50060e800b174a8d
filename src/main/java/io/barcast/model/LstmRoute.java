package io.barcast.model;

/** How a network's LSTM layers compute their training passes; the shape, loss and optimiser are the same. */
public enum LstmRoute {
    /** DL4J's {@code LSTM} layer (a Java loop of small ops per time step): production. */
    BUILTIN,
    /** {@link FusedLstmLayer}: libnd4j's fused {@code lstmLayer} op in a SameDiff layer (its own parameter layout). */
    SAMEDIFF,
    /** {@link OpLstm}: DL4J's {@code LSTM} parameters, passes by the fused {@code lstmLayer}/{@code lstmLayer_bp} ops called directly. */
    OP,
    /** {@link JavaLstm}: DL4J's {@code LSTM} parameters, forward and backward passes in Java (Vector API), a minibatch per step. */
    JAVA
}
