package io.barcast.service;

import io.barcast.forecast.SkillWeight;
import io.barcast.forecast.SymbolState;
import io.barcast.interval.Interval;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionAnswersTest {

    @Test
    void shouldAnswerWithTheTargetDateIntervalsVarEsAndTheBaselZone() throws Exception {
        TailRisk risk = new TailRisk(183.6, 181.9, 181.2, 0.5);
        SymbolState.Pending pending = new SymbolState.Pending(LocalDate.of(2018, 5, 11), 188.59, 188.59, 19,
                LocalDate.of(2018, 4, 23), null, null, 0.0, 0.0, 0.0133,
                List.of(new Interval(0.8, 185.1, 192.2), new Interval(0.95, 181.8, 195.6))).withRisk(risk);
        TailCalibration tails = TailCalibration.initial();
        for (int i = 0; i < 6; i++) {
            tails = tails.outcome(risk, 170);
        }
        SymbolState state = SymbolState.initial().withPending(pending).withSkill(SkillWeight.NONE).withTails(tails);

        HttpEndpoints.Response r = new PredictionAnswers("me").answer("AAPL", state, null, StoreCopies.ACTIVE, 0L);

        JsonNode body = new ObjectMapper().readTree(r.json());
        assertThat(r.status()).isEqualTo(200);
        assertThat(body.get("asOf").asText()).isEqualTo("2018-05-11");
        assertThat(body.get("targetDate").asText()).isEqualTo("2018-05-14"); // a Friday: the next weekday is Monday
        assertThat(body.get("intervals")).hasSize(2);
        assertThat(body.get("intervals").get(1).get("lower").asDouble()).isEqualTo(181.8);
        assertThat(body.get("valueAtRisk975").asDouble()).isEqualTo(183.6);
        assertThat(body.get("valueAtRisk99").asDouble()).isEqualTo(181.9);
        assertThat(body.get("expectedShortfall975").asDouble()).isEqualTo(181.2);
        assertThat(body.get("probabilityUp").asDouble()).isEqualTo(0.5);
        assertThat(body.get("baselZone").asText()).isEqualTo("YELLOW");
        assertThat(body.get("varBacktest").get(1).get("exceptions").asInt()).isEqualTo(6);
        assertThat(body.get("varBacktest").get(1).get("level").asDouble()).isEqualTo(0.99);
    }

    @Test
    void shouldAnswerNullTailFiguresForAPredictionMadeWithoutThem() throws Exception {
        SymbolState.Pending pending = new SymbolState.Pending(LocalDate.of(2018, 5, 9), 188.59, 188.59, 19,
                LocalDate.of(2018, 4, 23), null, null, 0.0, 0.0);
        HttpEndpoints.Response r = new PredictionAnswers("me").answer("AAPL", SymbolState.initial().withPending(pending), null,
                StoreCopies.ACTIVE, 0L);
        JsonNode body = new ObjectMapper().readTree(r.json());
        assertThat(body.get("targetDate").asText()).isEqualTo("2018-05-10");
        assertThat(body.get("valueAtRisk99").isNull()).isTrue();
        assertThat(body.get("intervals")).isEmpty();
        assertThat(body.get("baselZone").asText()).isEqualTo("GREEN");
    }
}
