package io.barcast.stream;

import io.barcast.evaluation.ReturnFit;
import io.barcast.events.Json;
import io.barcast.forecast.SkillWeight;
import io.barcast.forecast.SymbolState;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolStateCodecTest {

    private static final SymbolState.Pending PENDING = new SymbolState.Pending(LocalDate.of(2018, 5, 11), 188.59, 189.1234,
            7, LocalDate.of(2018, 5, 1), null, null, 0.0012, 0.4);
    private static final SymbolState.Pending SCORED = new SymbolState.Pending(LocalDate.of(2018, 5, 10), 190.04, 189.9,
            6, LocalDate.of(2018, 4, 20), LocalDate.of(2018, 5, 11), 188.59, -0.003, 0.0);
    private static final SkillWeight SKILL = new SkillWeight(new ReturnFit(96, 0.01, 0.02, 0.03),
            new ReturnFit(12.5, -0.001, 0.004, 0.002), true);

    @Test
    void shouldRoundTripEveryCombinationOfParts() {
        double[] metrics = {12, 3.5, 4.25, 1.5, 1.75, 0.01, 0.02, 11, 6};
        for (SymbolState s : new SymbolState[]{
                SymbolState.initial(),
                new SymbolState(8, 1234, true, PENDING, null, null, SKILL),
                new SymbolState(8, 1234, false, null, SCORED, metrics, SkillWeight.NONE),
                new SymbolState(Long.MAX_VALUE, 0, true, PENDING, SCORED, metrics, SKILL),
                new SymbolState(2, 500, true, null, null, new double[0], SKILL.promoted(ReturnFit.EMPTY, false))}) {
            SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));
            assertThat(back).usingRecursiveComparison().isEqualTo(s);
        }
    }

    @Test
    void shouldBeSmallerThanTheJsonItReplaces() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[9], SKILL);
        assertThat(SymbolStateCodec.encode(s).length).isLessThan(Json.bytes(s).length / 2);
    }

    @Test
    void shouldStillReadStatesWrittenAsJson() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, SKILL);
        assertThat(SymbolStateCodec.decode(Json.bytes(s))).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void shouldStillReadFormatOneWithoutSkillEvidence() {
        double[] metrics = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 8 + 1 + 2 * 56 + 4 + 72);
        b.put((byte) 'S').put((byte) 1).putLong(8).putLong(1234).put((byte) (1 | 2 | 4 | 8));
        for (SymbolState.Pending p : new SymbolState.Pending[]{PENDING, SCORED}) {
            b.putLong(p.asOf().toEpochDay()).putDouble(p.lastClose()).putDouble(p.predictedClose()).putLong(p.modelVersion())
                    .putLong(p.trainedThrough().toEpochDay())
                    .putLong(p.targetDate() == null ? Long.MIN_VALUE : p.targetDate().toEpochDay())
                    .putDouble(p.actualClose() == null ? Double.NaN : p.actualClose());
        }
        b.putInt(metrics.length);
        for (double v : metrics) {
            b.putDouble(v);
        }

        SymbolState back = SymbolStateCodec.decode(b.array());

        assertThat(back.nextVersion()).isEqualTo(8);
        assertThat(back.pending().predictedClose()).isEqualTo(PENDING.predictedClose());
        assertThat(back.pending().modelReturn()).isNaN();
        assertThat(back.lastOutcome().actualClose()).isEqualTo(SCORED.actualClose());
        assertThat(back.metrics()).containsExactly(metrics);
        // No evidence of skill was kept: the naive forecast serves until the next promotion
        assertThat(back.skill()).isEqualTo(SkillWeight.NONE);
        assertThat(back.skill().weight()).isZero();
    }

    @Test
    void shouldRejectBytesOfAnotherFormat() {
        assertThatThrownBy(() -> SymbolStateCodec.decode(new byte[]{'B', 'C', 'W', '2', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a symbol state");
        assertThatThrownBy(() -> SymbolStateCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
