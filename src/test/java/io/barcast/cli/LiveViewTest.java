package io.barcast.cli;

import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LiveViewTest {

    private final Topics topics = ServiceConfig.of(new Properties()).topics();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void shouldShowEachPredictionsIntervalsAndEachOutcomesCoverage() {
        try (LiveView view = new LiveView(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), topics,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), System.nanoTime(), Duration.ZERO)) {
            view.show(record(topics.predictions(), "{\"symbol\":\"AAPL\",\"asOf\":\"2018-05-10\",\"lastClose\":190.04,"
                    + "\"predictedClose\":190.04,\"modelPredictedClose\":190.5,\"skillWeight\":0.0,\"modelVersion\":3,"
                    + "\"trainedThrough\":\"2018-04-20\",\"intervals\":[{\"level\":0.8,\"lower\":186.1,\"upper\":194.05},"
                    + "{\"level\":0.95,\"lower\":183.5,\"upper\":196.8}]}"));
            view.show(record(topics.outcomes(), "{\"symbol\":\"AAPL\",\"targetDate\":\"2018-05-11\",\"predictedClose\":190.04,"
                    + "\"actualClose\":188.59,\"error\":1.45,\"naiveError\":1.45,\"runningTheilU\":1.0,\"count\":12,"
                    + "\"runningHitRate\":null,\"intervals\":[{\"level\":0.8,\"lower\":186.1,\"upper\":194.05,\"inside\":true,"
                    + "\"runningCoverage\":0.75,\"runningWidthRatio\":0.04,\"runningCount\":12},{\"level\":0.95,\"lower\":187.0,"
                    + "\"upper\":188.0,\"inside\":false,\"runningCoverage\":0.9166666,\"runningWidthRatio\":0.07,\"runningCount\":12}]}"));
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("next 190.04 served, 80% 186.10..194.05, 95% 183.50..196.80 (model 190.50");
        assertThat(shown).contains("; inside 80% yes (coverage 75.0%), 95% no (coverage 91.7%)");
    }

    @Test
    void shouldShowRecordsWithoutIntervalsAsBefore() {
        try (LiveView view = new LiveView(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), topics,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), System.nanoTime(), Duration.ZERO)) {
            view.show(record(topics.predictions(), "{\"symbol\":\"SPX\",\"asOf\":\"2013-08-07\",\"lastClose\":1690.91,"
                    + "\"predictedClose\":1690.91,\"modelPredictedClose\":1688.15,\"skillWeight\":0.0,\"modelVersion\":1,"
                    + "\"trainedThrough\":\"2001-12-31\"}"));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("next 1690.91 served (model 1688.15");
    }

    @Test
    void shouldShowEachDataQualityEvent() {
        try (LiveView view = new LiveView(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), topics,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), System.nanoTime(), Duration.ZERO)) {
            view.show(record(topics.dataQuality(), "{\"symbol\":\"AAPL\",\"date\":\"2014-06-09\",\"kind\":\"SPLIT_TOLD\","
                    + "\"action\":\"ADJUSTED\",\"previousDate\":\"2014-06-06\",\"detail\":\"split factor 1 -> 7\"}"));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("[data ] AAPL  2014-06-09 SPLIT_TOLD ADJUSTED: split factor 1 -> 7"
                + System.lineSeparator());
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String json) {
        return new ConsumerRecord<>(topic, 0, 0, "k", json.getBytes(StandardCharsets.UTF_8));
    }
}
