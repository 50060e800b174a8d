package io.barcast.forecast;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingResult;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerTest {

    @Test
    void shouldReportAFailedJobAndLogItsStackTrace() {
        Trainer broken = job -> {
            throw new IllegalStateException("no memory for " + job.symbol());
        };
        TrainingJob job = new TrainingJob("ACME", 7, SyntheticBars.randomWalk("ACME", 60, 1), 60, null,
                ModelConfig.fromProperties(new Properties()), 0);
        Logger logger = (Logger) LoggerFactory.getLogger(Trainer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            TrainingResult result = broken.trainOrFail(job);

            assertThat(result.trainedModel()).isNull();
            assertThat(result.report().status()).isEqualTo(TrainingStatus.FAILED);
            assertThat(result.report().reason()).isEqualTo("java.lang.IllegalStateException: no memory for ACME");
            assertThat(result.report().version()).isEqualTo(7);
            assertThat(captured.list).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).isEqualTo("Training of ACME v7 on 60 bars failed; the serving model stays");
                assertThat(e.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
                assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
            });
        } finally {
            logger.detachAppender(captured);
        }
    }
}
