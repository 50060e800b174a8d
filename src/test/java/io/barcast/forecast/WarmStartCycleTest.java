package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingResult;
import io.barcast.model.TrainingStatus;
import io.barcast.stream.SymbolStateCodec;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which retrains of a symbol start warm ({@link WarmStartPolicy}), through the per-symbol cycle, with real (tiny) training. */
class WarmStartCycleTest {

    private static final int WINDOW = 40;
    private static final int EVERY = 10;
    private static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");
    /** Warm starts on, at most 3 epochs, every 3rd retrain from scratch; a gate that refuses nothing. */
    private static final ForecastSettings WARM = new ForecastSettings(WINDOW, EVERY, 1e6, TINY)
            .withWarmStart(new WarmStartPolicy(true, 3, 3));

    private final List<Bar> bars = SyntheticBars.autoregressive("S", WINDOW + 7 * EVERY, 0.5, 0.01, 3);

    /** What one finished retrain was. */
    private record Retrain(long version, boolean warmJob, boolean warmReport, int warmEpochs, TrainingStatus status,
                           List<Double> trainLoss) {
    }

    @Test
    void shouldStartEveryRetrainButEveryThirdFromTheServingModel() {
        List<Retrain> retrains = run(SymbolForecaster.fresh("S", WARM), 0, bars.size(), UnaryOperator.identity());

        assertThat(retrains).extracting(Retrain::warmJob).containsExactly(false, true, true, false, true, true, false, true);
        assertThat(retrains).extracting(Retrain::status).containsOnly(TrainingStatus.OK);
        for (Retrain r : retrains) {
            assertThat(r.warmReport()).as("v%d report", r.version()).isEqualTo(r.warmJob());
            assertThat(r.warmEpochs()).isEqualTo(r.warmJob() ? 3 : 0);
            assertThat(r.trainLoss().size()).as("v%d epochs", r.version()).isLessThanOrEqualTo(r.warmJob() ? 3 : 8);
        }
    }

    @Test
    void shouldTrainEveryRetrainFromScratchWhenWarmStartsAreOff() {
        ForecastSettings off = WARM.withWarmStart(WarmStartPolicy.off());
        List<Retrain> retrains = run(SymbolForecaster.fresh("S", off), 0, bars.size(), UnaryOperator.identity());

        assertThat(retrains).hasSize(8).extracting(Retrain::warmJob).containsOnly(false);
        assertThat(retrains).extracting(Retrain::warmReport).containsOnly(false);
        // The default is on, one epoch, one retrain in twenty from scratch (measured on both bundled series):
        // the short constructors take it
        assertThat(new ForecastSettings(WINDOW, EVERY, 0.05, TINY).warmStart().enabled()).isTrue();
        assertThat(WarmStartPolicy.defaults()).isEqualTo(new WarmStartPolicy(true, 1, 20));
    }

    @Test
    void shouldTrainTheRetrainAfterAFailedOrRefusedOneFromScratch() {
        // v3 (warm) fails, v5 (warm) is refused by the gate: v4 and v6 are cold, and the count starts again after each
        UnaryOperator<TrainingResult> faults = r -> switch ((int) r.report().version()) {
            case 3 -> new TrainingResult(r.report().withStatus(TrainingStatus.FAILED, "injected"), null);
            case 5 -> worseThanTheServingModel(r);
            default -> r;
        };
        SymbolForecaster forecaster = SymbolForecaster.fresh("S", WARM);

        List<Retrain> retrains = run(forecaster, 0, bars.size(), faults);

        assertThat(retrains).extracting(Retrain::status).containsExactly(TrainingStatus.OK, TrainingStatus.OK,
                TrainingStatus.FAILED, TrainingStatus.OK, TrainingStatus.REJECTED_WORSE, TrainingStatus.OK, TrainingStatus.OK,
                TrainingStatus.OK);
        assertThat(retrains).extracting(Retrain::warmJob).containsExactly(false, true, true, false, true, false, true, true);
    }

    @Test
    void shouldTrainFromScratchWhenTheServingModelHasAnotherConfiguration() {
        SymbolForecaster first = SymbolForecaster.fresh("S", WARM);
        run(first, 0, WINDOW + EVERY, UnaryOperator.identity()); // v1 cold, v2 warm
        assertThat(first.state().warmRetrains()).isEqualTo(1);
        ForecastSettings changed = new ForecastSettings(WINDOW, EVERY, 1e6, ModelConfigs.with(TINY, "model.learning.rate=0.01"))
                .withWarmStart(WARM.warmStart());
        SymbolForecaster afterChange = new SymbolForecaster("S", changed, windowOf(WINDOW + EVERY), first.state(), first.serving());
        SymbolForecaster unchanged = new SymbolForecaster("S", WARM, windowOf(WINDOW + EVERY), first.state(), first.serving());

        TrainingJob job = untilJob(afterChange, WINDOW + EVERY);
        TrainingJob same = untilJob(unchanged, WINDOW + EVERY);

        assertThat(job.warmStart()).isFalse();
        assertThat(WARM.warmStart().coldReason(first.serving(), changed.model(), first.state())).contains("configuration");
        assertThat(same.warmStart()).isTrue();
        assertThat(same.incumbent()).isSameAs(first.serving());
    }

    /**
     * The count of warm retrains is in the symbol state and the warm start copies weights that a snapshot keeps
     * exactly, with a fresh optimiser: a restart half-way (state through its codec, model through its snapshot,
     * the window rebuilt) gives the same retrains, to the last digit of their losses.
     */
    @Test
    void shouldGiveTheSameRetrainsAfterARestart() {
        List<Retrain> straight = run(SymbolForecaster.fresh("S", WARM), 0, bars.size(), UnaryOperator.identity());

        SymbolForecaster before = SymbolForecaster.fresh("S", WARM);
        int restartAt = WINDOW + EVERY; // after v1 (cold) and v2 (warm): one warm retrain counted
        List<Retrain> restarted = new ArrayList<>(run(before, 0, restartAt, UnaryOperator.identity()));
        assertThat(before.state().warmRetrains()).isEqualTo(1);
        SymbolForecaster after = new SymbolForecaster("S", WARM, windowOf(restartAt),
                SymbolStateCodec.decode(SymbolStateCodec.encode(before.state())),
                ModelSnapshot.fromBytes(ModelSnapshot.toBytes(before.serving())));
        restarted.addAll(run(after, restartAt, bars.size(), UnaryOperator.identity()));

        assertThat(restarted).hasSize(8).isEqualTo(straight);
    }

    /** Feeds bars {@code from..to-1}, training each job at once, as the backtest does; {@code faults} may alter results. */
    private List<Retrain> run(SymbolForecaster forecaster, int from, int to, UnaryOperator<TrainingResult> faults) {
        List<Retrain> out = new ArrayList<>();
        Trainer trainer = Trainer.lstm();
        for (int i = from; i < to; i++) {
            TrainingJob job = forecaster.onBar(bars.get(i)).retrain();
            if (job != null) {
                forecaster.trainingStarted(job);
                TrainingResult result = faults.apply(trainer.trainOrFail(job));
                Handover h = forecaster.onTrained(job, result);
                out.add(new Retrain(job.version(), job.warmStart(), h.report().warmStart(), job.warmEpochs(),
                        h.report().status(), h.report().trainLoss()));
            }
        }
        return out;
    }

    /** The window as the store would restore it after bars {@code 0..to-1}. */
    private BarWindow windowOf(int to) {
        BarWindow window = new BarWindow(WINDOW);
        bars.subList(0, to).forEach(window::offer);
        return window;
    }

    private TrainingJob untilJob(SymbolForecaster forecaster, int from) {
        for (int i = from; i < bars.size(); i++) {
            TrainingJob job = forecaster.onBar(bars.get(i)).retrain();
            if (job != null) {
                return job;
            }
        }
        throw new AssertionError("no retrain was asked for");
    }

    /** The result as the gate sees a candidate much worse than the serving model on the same bars. */
    private static TrainingResult worseThanTheServingModel(TrainingResult r) {
        TrainingReport t = r.report();
        TrainingReport worse = new TrainingReport(t.symbol(), t.version(), t.windowEnd(), t.status(), t.reason(), t.trainLoss(),
                t.valLoss(), t.bestEpoch(), t.valRmseModel(), t.valRmseNaive(), t.valRmseModel() / 1e9, t.trainSamples(),
                t.valSamples(), t.durationMillis(), t.validationFit(), t.warmStart());
        return new TrainingResult(worse, r.trainedModel(), r.validation());
    }
}
