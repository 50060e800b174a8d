package io.barcast.stream;

import io.barcast.events.Json;
import io.barcast.forecast.SymbolState;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolStateCodecTest {

    private static final SymbolState.Pending PENDING = new SymbolState.Pending(LocalDate.of(2018, 5, 11), 188.59, 189.1234,
            7, LocalDate.of(2018, 5, 1), null, null);
    private static final SymbolState.Pending SCORED = new SymbolState.Pending(LocalDate.of(2018, 5, 10), 190.04, 189.9,
            6, LocalDate.of(2018, 4, 20), LocalDate.of(2018, 5, 11), 188.59);

    @Test
    void shouldRoundTripEveryCombinationOfParts() {
        double[] metrics = {12, 3.5, 4.25, 1.5, 1.75, 0.01, 0.02, 11, 6};
        for (SymbolState s : new SymbolState[]{
                SymbolState.initial(),
                new SymbolState(8, 1234, true, PENDING, null, null),
                new SymbolState(8, 1234, false, null, SCORED, metrics),
                new SymbolState(Long.MAX_VALUE, 0, true, PENDING, SCORED, metrics),
                new SymbolState(2, 500, true, null, null, new double[0])}) {
            SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));
            assertThat(back).usingRecursiveComparison().isEqualTo(s);
        }
    }

    @Test
    void shouldBeSmallerThanTheJsonItReplaces() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[9]);
        assertThat(SymbolStateCodec.encode(s).length).isLessThan(Json.bytes(s).length / 2);
    }

    @Test
    void shouldStillReadStatesWrittenAsJson() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(SymbolStateCodec.decode(Json.bytes(s))).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void shouldRejectBytesOfAnotherFormat() {
        assertThatThrownBy(() -> SymbolStateCodec.decode(new byte[]{'B', 'C', 'W', '2', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a symbol state");
        assertThatThrownBy(() -> SymbolStateCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
