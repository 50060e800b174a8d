package io.barcast.stream;

import io.barcast.evaluation.ReturnFit;
import io.barcast.events.Json;
import io.barcast.forecast.SkillWeight;
import io.barcast.forecast.SymbolState;
import io.barcast.interval.Calibration;
import io.barcast.interval.EwmaVariance;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalSettings;
import io.barcast.interval.Levels;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import io.barcast.interval.Scores;
import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.RangeVariance;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityBook;
import io.barcast.interval.TailRisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolStateCodecTest {

    private static final SymbolState.Pending PENDING = new SymbolState.Pending(LocalDate.of(2018, 5, 11), 188.59, 189.1234,
            7, LocalDate.of(2018, 5, 1), null, null, 0.0012, 0.4, 0.011, List.of());
    private static final SymbolState.Pending SCORED = new SymbolState.Pending(LocalDate.of(2018, 5, 10), 190.04, 189.9,
            6, LocalDate.of(2018, 4, 20), LocalDate.of(2018, 5, 11), 188.59, -0.003, 0.0, 0.0125, List.of());
    private static final SymbolState.Pending WITH_INTERVALS = new SymbolState.Pending(LocalDate.of(2018, 5, 14), 188.59,
            188.7, 8, LocalDate.of(2018, 5, 11), LocalDate.of(2018, 5, 15), 190.2, 0.001, 0.1, 0.0123,
            List.of(new Interval(0.8, 185.6, 191.7), new Interval(0.95, 184.0, 193.5)));
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
                new SymbolState(2, 500, true, null, null, new double[0], SKILL.promoted(ReturnFit.EMPTY, false)),
                new SymbolState(9, 1300, true, WITH_INTERVALS, WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0),
                        metrics, SKILL, calibrated()),
                new SymbolState(9, 1300, true, WITH_INTERVALS, null, metrics, SKILL, calibrated(), 7, false),
                new SymbolState(3, 40, true, null, SCORED, null, SkillWeight.NONE, null, 0, true),
                new SymbolState(12, 900, true, PENDING, SCORED, metrics, SKILL, null, Integer.MAX_VALUE, true),
                new SymbolState(12, 900, true, PENDING, SCORED, metrics, SKILL, calibrated(), 2, false,
                        new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4)),
                SymbolState.initial().withEwma(new EwmaVariance(LocalDate.of(2013, 1, 2), Double.NaN, Double.NaN))}) {
            SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));
            assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
            assertThat(back.ewma()).isEqualTo(s.ewma()); // the record's equals: NaN equals NaN
        }
    }

    @Test
    void shouldKeepTheSplitFactorAndEachPredictionsAdjustmentAndCountThroughARoundTrip() {
        SymbolState.Pending adjusted = WITH_INTERVALS.rescaled(0.5);
        SymbolState.Pending hole = WITH_INTERVALS.scored(LocalDate.of(2018, 5, 29), 186.0, false);
        SymbolState s = new SymbolState(9, 1300, true, adjusted, hole, new double[9], SKILL, calibrated(), 1, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0);

        SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
        assertThat(back.unitFactor()).isEqualTo(7.0);
        assertThat(back.pending().adjustment()).isEqualTo(0.5);
        assertThat(back.pending().lastClose()).isEqualTo(WITH_INTERVALS.lastClose() * 0.5);
        assertThat(back.pending().intervals().get(0).upper()).isEqualTo(WITH_INTERVALS.intervals().get(0).upper() * 0.5);
        assertThat(back.lastOutcome().counted()).isFalse();
        assertThat(SymbolStateCodec.decode(SymbolStateCodec.encode(s.withUnitFactor(null))).unitFactor()).isNull();
    }

    @Test
    void shouldReadFormatFiveAsUnadjustedCountedPredictionsWithoutASplitFactor() {
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS, WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0),
                new double[9], SKILL, calibrated(), 2, false, new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4));

        SymbolState back = SymbolStateCodec.decode(format5(s));

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
        assertThat(back.unitFactor()).isNull();
        assertThat(back.pending().adjustment()).isEqualTo(1.0);
        assertThat(back.lastOutcome().counted()).isTrue();
    }

    @Test
    void shouldRefuseACorruptCountInsteadOfAllocatingIt() {
        byte[] bytes = SymbolStateCodec.encode(new SymbolState(8, 1234, false, null, null, new double[]{1, 2}, SKILL));
        ByteBuffer.wrap(bytes).putInt(19, Integer.MAX_VALUE); // the metrics count, after the 19-byte head
        assertThatThrownBy(() -> SymbolStateCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a symbol state");
    }

    /**
     * {@code s} as format 5 wrote it: format 6 is format 5 with a tail (the split factor under flag 7, each
     * prediction's adjustment and counted flag), which a state with no split factor and unadjusted, counted
     * predictions loses without loss.
     */
    private static byte[] format5(SymbolState s) {
        assertThat(s.unitFactor()).isNull();
        byte[] v6 = format6(s);
        int tail = (s.pending() != null ? 9 : 0) + (s.lastOutcome() != null ? 9 : 0);
        byte[] v5 = java.util.Arrays.copyOf(v6, v6.length - tail);
        v5[1] = 5;
        return v5;
    }

    /**
     * {@code s} as format 6 wrote it: format 7 is format 6 with a tail (each prediction's tail figures, a byte 0 when
     * it has none, and the tail calibration), which a state without tail figures and a fresh tail calibration loses
     * without loss.
     */
    private static byte[] format6(SymbolState s) {
        assertThat(s.tails()).isEqualTo(TailCalibration.initial());
        byte[] v7 = SymbolStateCodec.encode(s);
        int tail = (s.pending() != null ? 1 : 0) + (s.lastOutcome() != null ? 1 : 0) + 2 * (8 + 2);
        byte[] v6 = java.util.Arrays.copyOf(v7, v7.length - tail);
        v6[1] = 6;
        return v6;
    }

    @Test
    void shouldKeepTheTailFiguresAndTheirCalibrationThroughARoundTrip() {
        TailCalibration tails = TailCalibration.initial();
        Random random = new Random(11);
        TailRisk risk = tails.risk(Scores.of(new float[0]), 100, 0, 0.01);
        for (int i = 0; i < 263; i++) {
            tails = tails.outcome(risk, 100 * Math.exp(0.012 * random.nextGaussian()));
        }
        SymbolState.Pending pending = WITH_INTERVALS.withRisk(new TailRisk(183.6, 181.9, 181.2, 0.53));
        SymbolState.Pending scored = WITH_INTERVALS.withRisk(risk).scored(LocalDate.of(2018, 5, 15), 186.0);
        SymbolState s = new SymbolState(9, 1300, true, pending, scored, new double[9], SKILL, calibrated(), 1, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0, tails);

        SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
        assertThat(back.tails()).isEqualTo(tails);
        assertThat(back.tails().level99().window().count()).isEqualTo(250);
        assertThat(back.tails().level975().aci().alpha()).isEqualTo(tails.level975().aci().alpha());
        assertThat(back.pending().risk()).isEqualTo(pending.risk());
        assertThat(back.lastOutcome().risk()).isEqualTo(risk);
        assertThat(back.pending().rescaled(0.5).risk().var99()).isEqualTo(181.9 * 0.5);
        // one without tail figures beside one with them
        SymbolState mixed = s.withPending(WITH_INTERVALS);
        assertThat(SymbolStateCodec.decode(SymbolStateCodec.encode(mixed))).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(mixed);
    }

    @Test
    void shouldReadFormatSixAsStateWithoutTailFigures() {
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS.rescaled(0.5),
                WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0, false), new double[9], SKILL, calibrated(), 2, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0);

        SymbolState back = SymbolStateCodec.decode(format6(s));

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
        assertThat(back.pending().risk()).isNull();
        assertThat(back.lastOutcome().risk()).isNull();
        assertThat(back.tails()).isEqualTo(TailCalibration.initial());
        assertThat(back.unitFactor()).isEqualTo(7.0);
    }

    @Test
    void shouldKeepTheVolatilityMembersAndTheBlendThroughARoundTrip() {
        MemberVolatilities members = new MemberVolatilities(Double.NaN, 0.012, 0.0101, 0.0113, 0.0125);
        VolatilityBlend blend = VolatilityBlend.initial();
        for (int i = 0; i < 80; i++) {
            blend = blend.outcome(new MemberVolatilities(0.011, 0.012, 0.0101, 0.0113, 0.0125), 0.01 * Math.sin(i));
        }
        VolatilityBook book = new VolatilityBook(new RangeVariance(LocalDate.of(2018, 5, 14), 1.1e-4, 1.3e-4, 1.4e-4, 1.0e-4, 1.2e-4, 1.5e-4), blend);
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS.withMembers(members),
                WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0), new double[9], SKILL, calibrated(), 1, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0, TailCalibration.initial(), book);

        SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));

        assertThat(back.volatility()).isEqualTo(book);
        assertThat(back.pending().members()).isEqualTo(members);
        assertThat(back.lastOutcome().members()).isNull();
        assertThat(back.volatility().blend().weights(members)).containsExactly(blend.weights(members));
        // an untaught blend costs one byte
        SymbolState plain = s.withVolatility(VolatilityBook.initial());
        assertThat(SymbolStateCodec.encode(s).length - SymbolStateCodec.encode(plain).length).isEqualTo(8 + 6 * 8 + 3 * 5 * 8);
    }

    @Test
    void shouldReadFormatEightAsStateWithoutTheDownsideMember() {
        MemberVolatilities members = new MemberVolatilities(0.0105, 0.012, 0.0101, 0.0113, 0.0125);
        VolatilityBlend blend = VolatilityBlend.initial();
        for (int i = 0; i < 80; i++) {
            blend = blend.outcome(new MemberVolatilities(0.011, 0.012, 0.0101, 0.0113, Double.NaN), 0.01 * Math.sin(i));
        }
        VolatilityBook book = new VolatilityBook(new RangeVariance(LocalDate.of(2018, 5, 14), 1.1e-4, 1.3e-4, 1.4e-4, 1.0e-4, 1.2e-4, 1.5e-4), blend);
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS.withMembers(members),
                WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0), new double[9], SKILL, calibrated(), 1, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0, TailCalibration.initial(), book);

        SymbolState back = SymbolStateCodec.decode(format8(s));

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma", "pending.members", "volatility").isEqualTo(s);
        assertThat(back.pending().members()).isEqualTo(new MemberVolatilities(0.0105, 0.012, 0.0101, 0.0113, Double.NaN));
        RangeVariance range = back.volatility().range();
        assertThat(range).isEqualTo(new RangeVariance(LocalDate.of(2018, 5, 14), 1.1e-4, 1.3e-4, Double.NaN, 1.0e-4, 1.2e-4, Double.NaN));
        assertThat(range.complete()).isFalse();
        assertThat(back.volatility().blend()).isEqualTo(blend);
        // the four members keep their learned weights; the downside one waits for its own outcomes
        assertThat(back.volatility().blend().weights(members)).containsExactly(blend.weights(members));
        assertThat(blend.weights(members)[4]).isZero();
    }

    /**
     * {@code s} as format 8 wrote it: format 9 is format 8 with a fifth member (the downside range one) in each
     * prediction's member volatilities and in the blend's sums, and a third range variance (and its value before).
     */
    private static byte[] format8(SymbolState s) {
        byte[] v9 = SymbolStateCodec.encode(s);
        VolatilityBook book = s.volatility();
        boolean learned = !book.blend().equals(VolatilityBlend.initial());
        int tail = 1 + (book.range() != null ? 8 + 6 * 8 : 0) + (learned ? 3 * 5 * 8 : 0);
        for (SymbolState.Pending p : new SymbolState.Pending[]{s.pending(), s.lastOutcome()}) {
            tail += p == null ? 0 : 1 + (p.members() == null ? 0 : 5 * 8);
        }
        ByteBuffer b = ByteBuffer.allocate(v9.length);
        b.put(v9, 0, v9.length - tail);
        for (SymbolState.Pending p : new SymbolState.Pending[]{s.pending(), s.lastOutcome()}) {
            if (p == null) {
                continue;
            }
            b.put((byte) (p.members() == null ? 0 : 1));
            for (int k = 0; p.members() != null && k < 4; k++) {
                b.putDouble(p.members().values()[k]);
            }
        }
        RangeVariance r = book.range();
        b.put((byte) ((r != null ? 1 : 0) | (learned ? 2 : 0)));
        if (r != null) {
            b.putLong(r.through().toEpochDay()).putDouble(r.fast()).putDouble(r.slow()).putDouble(r.fastBefore())
                    .putDouble(r.slowBefore());
        }
        for (double[] sums : learned ? new double[][] {book.blend().logSums(), book.blend().ratioSums(), book.blend().counts()}
                : new double[0][]) {
            for (int k = 0; k < 4; k++) {
                b.putDouble(sums[k]);
            }
        }
        byte[] v8 = java.util.Arrays.copyOf(b.array(), b.position());
        v8[1] = 8;
        return v8;
    }

    @Test
    void shouldReadFormatSevenAsStateWithoutTheBlend() {
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS, null, new double[9], SKILL, calibrated(), 1, false,
                new EwmaVariance(LocalDate.of(2018, 5, 14), 2.5e-4, 2.4e-4), 7.0, TailCalibration.initial());
        byte[] v9 = SymbolStateCodec.encode(s);
        byte[] v7 = java.util.Arrays.copyOf(v9, v9.length - 2); // the pending's members flag and the book's flags
        v7[1] = 7;

        SymbolState back = SymbolStateCodec.decode(v7);

        assertThat(back).usingRecursiveComparison().ignoringFields("ewma").isEqualTo(s);
        assertThat(back.volatility()).isEqualTo(VolatilityBook.initial());
        assertThat(back.pending().members()).isNull();
    }

    /** A calibration with 250 scores and a full coverage window at two levels, one of them 0.5 (odd fill). */
    private static Calibration calibrated() {
        Calibration c = Calibration.initial(Levels.parse("0.5,0.95"));
        IntervalSettings settings = new IntervalSettings(Levels.parse("0.5,0.95"), 0.005, 250);
        Random random = new Random(3);
        for (int i = 0; i < 260; i++) {
            List<Interval> served = c.intervals(100, 0, 0.01);
            double actual = 100 * Math.exp(0.01 * random.nextGaussian());
            c = c.outcome(served, 100, actual, Math.abs(Math.log(actual / 100)) / 0.01, settings);
        }
        return c;
    }

    @Test
    void shouldKeepTheCalibrationOfBothLevelsThroughARoundTrip() {
        Calibration c = calibrated();
        SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(SymbolState.initial().withCalibration(c)));
        assertThat(back.calibration().scores()).containsExactly(c.scores());
        for (double level : new double[]{0.5, 0.95}) {
            assertThat(back.calibration().level(level).aci().alpha()).isEqualTo(c.level(level).aci().alpha());
            assertThat(back.calibration().level(level).coverage().coverage()).isEqualTo(c.level(level).coverage().coverage());
            assertThat(back.calibration().level(level).coverage().meanRelativeWidth())
                    .isEqualTo(c.level(level).coverage().meanRelativeWidth());
            assertThat(back.calibration().level(level).coverage().count()).isEqualTo(250);
        }
        assertThat(back.calibration().intervals(100, 0, 0.01)).isEqualTo(c.intervals(100, 0, 0.01));
    }

    @Test
    void shouldKeepTheWarmStartBookkeepingThroughARoundTrip() {
        SymbolState s = SymbolState.initial().withRetrainOutcome(false, true).withRetrainOutcome(true, true)
                .withRetrainOutcome(true, true);
        assertThat(s.warmRetrains()).isEqualTo(2);
        assertThat(s.coldDue()).isFalse();

        SymbolState back = SymbolStateCodec.decode(SymbolStateCodec.encode(s));
        assertThat(back.warmRetrains()).isEqualTo(2);
        assertThat(back.coldDue()).isFalse();

        SymbolState refused = SymbolStateCodec.decode(SymbolStateCodec.encode(back.withRetrainOutcome(true, false)));
        assertThat(refused.warmRetrains()).isEqualTo(3);
        assertThat(refused.coldDue()).isTrue();
        SymbolState cold = SymbolStateCodec.decode(SymbolStateCodec.encode(refused.withRetrainOutcome(false, true)));
        assertThat(cold.warmRetrains()).isZero();
        assertThat(cold.coldDue()).isFalse();
    }

    @Test
    void shouldReadFormatFourAsStateWithoutAKeptEwma() {
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS, null, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, SKILL,
                calibrated(), 4, true);
        byte[] v4 = format5(s);
        v4[1] = 4;

        SymbolState back = SymbolStateCodec.decode(v4);

        assertThat(back.ewma()).isNull();
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        // the same state with a kept EWMA is 24 bytes longer, and format 4 has no room for it
        byte[] withEwma = format5(s.withEwma(new EwmaVariance(LocalDate.of(2018, 5, 14), 1e-4, 1e-4)));
        assertThat(withEwma).hasSize(v4.length + 24);
    }

    @Test
    void shouldReadFormatThreeAsStateWithoutWarmStartBookkeeping() {
        SymbolState s = new SymbolState(9, 1300, true, WITH_INTERVALS, WITH_INTERVALS.scored(LocalDate.of(2018, 5, 15), 186.0),
                new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, SKILL, calibrated(), 4, true);
        byte[] v4 = format5(s);
        // Format 3: the same layout without flag bit 5 and without the int at the end
        byte[] v3 = java.util.Arrays.copyOf(v4, v4.length - 4);
        v3[1] = 3;
        v3[18] &= ~32;

        SymbolState back = SymbolStateCodec.decode(v3);

        assertThat(back.warmRetrains()).isZero();
        assertThat(back.coldDue()).isFalse();
        assertThat(back).usingRecursiveComparison().isEqualTo(new SymbolState(s.nextVersion(), s.trainedAtAppended(),
                s.trainedBefore(), s.pending(), s.lastOutcome(), s.metrics(), s.skill(), s.calibration()));
    }

    @Test
    void shouldReadFormatTwoAsStateWithoutIntervals() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, SKILL);
        byte[] v4 = format5(s);
        // Format 2: the same layout without each pending's volatility and interval count, without the calibration and
        // without format 4's warm retrain count
        ByteBuffer b = ByteBuffer.allocate(v4.length - 2 * 9 - (4 + 1) - 4);
        ByteBuffer in = ByteBuffer.wrap(v4);
        byte[] head = new byte[19];
        in.get(head);
        head[1] = 2;
        b.put(head);
        for (int p = 0; p < 2; p++) {
            byte[] pending = new byte[72];
            in.get(pending);
            b.put(pending);
            in.position(in.position() + 9);
        }
        byte[] rest = new byte[4 + 72 + 64];
        in.get(rest);
        b.put(rest);

        SymbolState back = SymbolStateCodec.decode(b.array());

        assertThat(back.pending().intervals()).isEmpty();
        assertThat(back.pending().volatility()).isNaN();
        assertThat(back.pending().predictedClose()).isEqualTo(PENDING.predictedClose());
        assertThat(back.skill()).isEqualTo(SKILL);
        assertThat(back.metrics()).containsExactly(s.metrics());
        assertThat(back.calibration().levels()).isEmpty();
    }

    @Test
    void shouldBeSmallerThanTheJsonItReplaces() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[9], SKILL);
        assertThat(SymbolStateCodec.encode(s).length).isLessThan(legacyJson(s).length / 2);
    }

    /** What versions that stored JSON wrote: the state's fields of that time. */
    private record LegacyState(long nextVersion, long trainedAtAppended, boolean trainedBefore, SymbolState.Pending pending,
                               SymbolState.Pending lastOutcome, double[] metrics, SkillWeight skill) {
    }

    private static byte[] legacyJson(SymbolState s) {
        return Json.bytes(new LegacyState(s.nextVersion(), s.trainedAtAppended(), s.trainedBefore(), s.pending(),
                s.lastOutcome(), s.metrics(), s.skill()));
    }

    @Test
    void shouldStillReadStatesWrittenAsJson() {
        SymbolState s = new SymbolState(8, 1234, true, PENDING, SCORED, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, SKILL);
        assertThat(SymbolStateCodec.decode(legacyJson(s))).usingRecursiveComparison().isEqualTo(s);
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
        byte[] future = SymbolStateCodec.encode(SymbolState.initial());
        future[1] = 10;
        assertThatThrownBy(() -> SymbolStateCodec.decode(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a symbol state");
    }
}
