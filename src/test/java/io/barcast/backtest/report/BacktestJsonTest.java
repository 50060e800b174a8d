package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalLevelReport;
import io.barcast.backtest.IntervalMethod;
import io.barcast.forecast.ForecastSettings;
import io.barcast.testing.ModelConfigs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BacktestJsonTest {

    @Test
    void shouldWriteTheIntervalFiguresPerLevelAndMethodIntoTheJsonSummary() throws IOException {
        ForecastSettings settings = new ForecastSettings(500, 20, 0.05, ModelConfigs.config());
        BacktestResult result = OracleResults.garch600(settings);
        IntervalLevelReport l95 = result.intervals().levels().get(1);

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(BacktestJson.summary(result, settings)));

        // The existing fields are still there, unchanged.
        assertThat(json.get("symbol").asText()).isEqualTo("G");
        assertThat(json.get("predictions").asInt()).isEqualTo(result.predictions().size());
        assertThat(json.get("rmseNaive").asDouble()).isEqualTo(result.metrics().rmseNaive());
        assertThat(json.get("rawModel").has("theilU")).isTrue();
        JsonNode intervals = json.get("intervals");
        assertThat(intervals.get("histSimReturns").asInt()).isEqualTo(250);
        assertThat(intervals.get("ewmaLambda").asDouble()).isEqualTo(0.94);
        assertThat(intervals.get("aciStep").asDouble()).isEqualTo(settings.intervals().aciStep());
        assertThat(intervals.get("realisedVolWindow").asInt()).isEqualTo(20);
        assertThat(intervals.get("levels")).hasSize(2);
        JsonNode level = intervals.get("levels").get(1);
        assertThat(level.get("level").asDouble()).isEqualTo(0.95);
        assertThat(level.get("days").asInt()).isEqualTo(l95.days().size()).isEqualTo(600 - 1 - 250);
        assertThat(level.get("calmDays").asLong()).isEqualTo(l95.calmDays());
        assertThat(level.get("turbulentDays").asLong()).isEqualTo(l95.turbulentDays());
        assertThat(level.get("medianRealisedVol").asDouble()).isEqualTo(l95.medianRealisedVolatility());
        JsonNode methods = level.get("methods");
        assertThat(methods.fieldNames()).toIterable().containsExactly("barcast", "histSim", "ewmaAci", "garchTAci");
        for (IntervalMethod m : IntervalMethod.values()) {
            JsonNode f = methods.get(m.key());
            assertThat(f.get("coverage").asDouble()).isEqualTo(l95.summary(m).coverage());
            assertThat(f.get("coverageCalm").asDouble()).isEqualTo(l95.summary(m).coverageCalm());
            assertThat(f.get("coverageTurbulent").asDouble()).isEqualTo(l95.summary(m).coverageTurbulent());
            assertThat(f.get("meanWidthPct").asDouble()).isCloseTo(100 * l95.summary(m).meanRelativeWidth(), within(1e-12));
            assertThat(f.get("meanScorePct").asDouble()).isCloseTo(100 * l95.summary(m).meanRelativeScore(), within(1e-12));
        }
        assertThat(methods.get("barcast").has("barcastScoreRatio")).isFalse();
        assertThat(methods.get("histSim").get("barcastScoreRatio").asDouble()).isEqualTo(l95.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION));
        assertThat(methods.get("ewmaAci").get("barcastScoreRatio").asDouble()).isEqualTo(l95.scoreRatio(IntervalMethod.EWMA_ACI));
    }
}
