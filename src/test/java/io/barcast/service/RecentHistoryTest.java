package io.barcast.service;

import io.barcast.events.Json;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.TrainingLossEvent;
import io.barcast.model.TrainingStatus;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentHistoryTest {

    private static final LocalDate DAY0 = LocalDate.of(2020, 1, 1);

    private static OutcomeEvent outcome(String symbol, int day, double actual) {
        return new OutcomeEvent(symbol, DAY0.plusDays(day), DAY0.plusDays(day + 1), 100, 101, actual, actual - 101, actual - 100,
                3, DAY0, false, day + 1, 1.0, 1.1, 0.9, 0.5, 101.0, actual - 101, 1.0, 1.0,
                List.of(new OutcomeEvent.BandOutcome(0.8, 99, 103, true, 0.8, 0.04, day + 1)), null, true, List.of());
    }

    private static TrainingLossEvent training(String symbol, long version) {
        return new TrainingLossEvent(symbol, version, DAY0, TrainingStatus.OK, null, true, 3, 2, List.of(0.5, 0.4, 0.3),
                List.of(0.6, 0.5, 0.45), 1.0, 1.1, 0.9, null, 30, 8, 120, 1000, true, 1.0, version > 1);
    }

    @Test
    void shouldKeepOnlyTheLastOutcomesAndTrainingsOfEachSymbol() {
        RecentHistory h = new RecentHistory(5, 2);
        for (int d = 0; d < 12; d++) {
            h.outcome(outcome("SPX", d, 100 + d));
        }
        for (long v = 1; v <= 4; v++) {
            h.training(training("SPX", v));
        }
        h.outcome(outcome("AAPL", 0, 10));
        RecentHistory.Snapshot spx = h.snapshot("SPX").orElseThrow();
        assertThat(spx.outcomes()).extracting(RecentHistory.Outcome::actualClose).containsExactly(107.0, 108.0, 109.0, 110.0, 111.0);
        assertThat(spx.trainings()).extracting(RecentHistory.Training::version).containsExactly(3L, 4L);
        assertThat(spx.trainings().get(1).trainLoss()).isEqualTo(0.3);
        assertThat(spx.trainings().get(1).valLoss()).isEqualTo(0.45);
        assertThat(spx.skill().count()).isEqualTo(12);
        assertThat(h.symbols()).containsExactly("AAPL", "SPX");
        assertThat(h.snapshot("MSFT")).isEmpty();
    }

    @Test
    void shouldKeepTheVarBacktestOfTheLatestOutcomeForTheLivePage() throws Exception {
        RecentHistory h = new RecentHistory();
        h.outcome(outcome("SPX", 0, 100));
        assertThat(h.snapshot("SPX").orElseThrow().risk()).isNull();
        OutcomeEvent plain = outcome("SPX", 1, 95);
        List<OutcomeEvent.VarFigures> figures = List.of(new OutcomeEvent.VarFigures(0.975, 7, 200, 0.4, 0.6, 0.5),
                new OutcomeEvent.VarFigures(0.99, 5, 200, 0.04, 0.6, 0.1));
        h.outcome(new OutcomeEvent(plain.symbol(), plain.asOf(), plain.targetDate(), plain.lastClose(), plain.predictedClose(),
                plain.actualClose(), plain.error(), plain.naiveError(), plain.modelVersion(), plain.trainedThrough(), false,
                plain.count(), 1.0, 1.1, 0.9, 0.5, 101.0, -6.0, 0.0, 0.0, plain.intervals(), null, true, List.of(),
                97.0, 96.0, 95.0, true, true, figures, "YELLOW"));

        RecentHistory.Risk risk = h.snapshot("SPX").orElseThrow().risk();
        assertThat(risk.baselZone()).isEqualTo("YELLOW");
        assertThat(risk.levels()).isEqualTo(figures);
        LivePage page = new LivePage(h);
        String body = new String(page.api("/api/symbols").json(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("\"risk\":{\"baselZone\":\"YELLOW\"");
    }

    @Test
    void shouldReplaceTheOutcomeOfACorrectedBar() {
        RecentHistory h = new RecentHistory();
        h.outcome(outcome("SPX", 0, 100));
        h.outcome(outcome("SPX", 1, 101));
        h.outcome(outcome("SPX", 1, 102));
        assertThat(h.snapshot("SPX").orElseThrow().outcomes()).extracting(RecentHistory.Outcome::actualClose)
                .containsExactly(100.0, 102.0);
    }

    @Test
    void shouldAnswerTheApiInJsonAndDecodeTheSymbol() throws Exception {
        RecentHistory h = new RecentHistory();
        h.prediction(new PredictionEvent("BRK.B & <x>", DAY0, 100, 101, 0.01, 2, DAY0, 0.9, 1.0, 1.1, false, 0, 0,
                0.01, 101, 1.0, 0.02, List.of(new PredictionEvent.Band(0.8, 98, 104)), List.of()));
        h.outcome(outcome("BRK.B & <x>", 0, 100));
        LivePage page = new LivePage(h);
        JsonNode list = Json.mapper().readTree(page.api("/api/symbols").json());
        assertThat(list.path("symbols").get(0).path("symbol").asText()).isEqualTo("BRK.B & <x>");
        assertThat(list.path("maxOutcomes").asInt()).isEqualTo(RecentHistory.DEFAULT_OUTCOMES);
        HttpEndpoints.Response r = page.api("/api/symbols/BRK.B%20%26%20%3Cx%3E/history");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.json());
        assertThat(body.path("prediction").path("modelVersion").asLong()).isEqualTo(2);
        assertThat(body.path("outcomes")).hasSize(1);
        assertThat(body.path("outcomes").get(0).path("intervals").get(0).path("upper").asDouble()).isEqualTo(103);
        assertThat(page.api("/api/symbols/MSFT/history").status()).isEqualTo(404);
        assertThat(page.api("/nothing").status()).isEqualTo(404);
    }
}
