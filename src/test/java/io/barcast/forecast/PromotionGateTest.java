package io.barcast.forecast;

import io.barcast.model.ModelConfig;
import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionGateTest {

    private static final LocalDate END = LocalDate.of(2020, 1, 31);
    private final PromotionGate gate = new PromotionGate(0.05);

    @Test
    void shouldPromoteTheFirstGoodModel() {
        assertThat(gate.judge(report(TrainingStatus.OK, 1.0, Double.NaN), 1, null).status()).isEqualTo(TrainingStatus.OK);
    }

    @Test
    void shouldRejectACandidateWorseThanTheServingModelOnTheSameBarsByMoreThanTheTolerance() {
        TrainingReport judged = gate.judge(report(TrainingStatus.OK, 1.06, 1.0), 3, serving(2));

        assertThat(judged.status()).isEqualTo(TrainingStatus.REJECTED_WORSE);
        assertThat(judged.reason()).contains("1.06", "v2", "5.0%");
    }

    @Test
    void shouldPromoteACandidateWithinTheTolerance() {
        assertThat(gate.judge(report(TrainingStatus.OK, 1.04, 1.0), 3, serving(2)).status()).isEqualTo(TrainingStatus.OK);
        assertThat(gate.judge(report(TrainingStatus.OK, 0.5, 1.0), 3, serving(2)).status()).isEqualTo(TrainingStatus.OK);
    }

    @Test
    void shouldRefuseACandidateWhenTheSameOrALaterVersionAlreadyServes() {
        TrainingReport judged = gate.judge(report(TrainingStatus.OK, 0.5, 1.0), 3, serving(3));

        assertThat(judged.status()).isEqualTo(TrainingStatus.SUPERSEDED);
        assertThat(judged.reason()).isEqualTo("model v3 is already serving");
        assertThat(gate.judge(report(TrainingStatus.OK, 0.5, 1.0), 3, serving(4)).status()).isEqualTo(TrainingStatus.SUPERSEDED);
    }

    @Test
    void shouldLeaveAFailedTrainingAsItIs() {
        for (TrainingStatus s : List.of(TrainingStatus.DIVERGED, TrainingStatus.STALLED, TrainingStatus.FAILED)) {
            assertThat(gate.judge(report(s, Double.NaN, 1.0), 3, serving(2)).status()).isEqualTo(s);
        }
    }

    private static TrainingReport report(TrainingStatus status, double valRmse, double incumbentValRmse) {
        return new TrainingReport("S", 3, END, status, status == TrainingStatus.OK ? null : "bad", List.of(1.0), List.of(1.0),
                0, valRmse, 1.1, incumbentValRmse, 100, 20, 5);
    }

    private static ModelMetadata serving(long version) {
        return new ModelMetadata("S", version, END.minusDays(20), Instant.EPOCH, ModelConfig.defaults(), 1, 1, 1, 1.1, 5, 100, 20);
    }
}
